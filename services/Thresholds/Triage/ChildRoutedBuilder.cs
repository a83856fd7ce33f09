using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Thresholds.Data;
using Mash.Thresholds.Domain.Decisions;

namespace Mash.Thresholds.Triage;

/// <summary>ChildRouted as downstream teams need it: the decision, and the child's facts without personal data.</summary>
public static class ChildRoutedBuilder
{
    public static ChildRouted Build(TriageItem item, Decision decision, EventHeader header, IEnumerable<string> siblingChildIds)
    {
        var facts = item.ContactFacts();
        var child = facts.Children[0];
        var routed = new ChildRouted
        {
            Header = header,
            DecisionId = decision.DecisionId,
            Pathway = decision.Pathway,
            NfaReason = decision.NfaReason,
            AutoRoute = decision.AutoRoute,
            OverridesRecommendation = decision.OverridesRecommendation,
            Level = DecisionRules.DecidedLevel(decision.Recommendation, decision.Pathway),
            Rag = decision.Rag,
            RecommendationId = decision.Recommendation.RecommendationId,
            WinningRuleId = decision.Recommendation.WinningRuleId,
            RuleSet = decision.Recommendation.RuleSet,
            Postcode = child.Postcode,
            PostcodeDistrict = District(child.Postcode),
            Locality = item.Locality,
            AgeYears = child.AgeYears,
            Setting = child.Setting,
            SiblingGroupId = item.ContactId.ToString(),
            SiblingChildIds = { siblingChildIds },
            Concerns = { child.Concerns },
            AlreadyOpen = child.AlreadyOpen,
            OpenPathway = child.OpenPathway,
            ReferrerFeedback = decision.ReferrerFeedback,
            StepUpEpisodeId = item.StepUpEpisodeId,
            ReferralSource = (ReferralSource)item.ReferralSource,
            SupersedesDecisionId = decision.SupersedesDecisionId,
            ClockAllowances = { decision.Recommendation.ClockAllowances },
        };
        if (facts.ReceivedAt is not null) routed.ReferredAt = facts.ReceivedAt;
        if (child.DateOfBirth is not null) routed.DateOfBirth = child.DateOfBirth;
        if (child.ExpectedDateOfBirth is not null) routed.ExpectedDateOfBirth = child.ExpectedDateOfBirth;
        return routed;
    }

    /// <summary>The outward code of a normalised postcode ("WS1 1TP" is in "WS1").</summary>
    public static string District(string postcode)
    {
        var trimmed = postcode.Trim().ToUpperInvariant();
        var space = trimmed.IndexOf(' ');
        if (space > 0) return trimmed[..space];
        return trimmed.Length > 3 ? trimmed[..^3] : trimmed;
    }
}
