using Mash.Contracts.Common.V1;

namespace Mash.Audit.Domain.Reports.AnnexA;

/// <summary>Census facts of a referral (a child routed to CIN or CP) that Annex A list 3 prints.</summary>
public static class CensusReferral
{
    /// <summary>
    /// Referral NFA: closed with no further action before any assessment (census ReferralNFA: no
    /// assessment, no s47, no plan). In Mash that is a strategy discussion that decided NFA with no
    /// assessment completed; a referral still in progress is not NFA.
    /// </summary>
    public static bool IsNfa(StrategyOutcome strategyOutcome, bool assessmentCompleted) =>
        strategyOutcome == StrategyOutcome.NoFurtherAction && !assessmentCompleted;

    /// <summary>The source the routing carried, else the contact's (both census codes).</summary>
    public static ReferralSource Source(ReferralSource routed, ReferralSource contact) =>
        routed != ReferralSource.Unspecified ? routed : contact;
}
