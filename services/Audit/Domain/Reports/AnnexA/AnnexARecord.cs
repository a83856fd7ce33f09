using Mash.Contracts.Common.V1;
using NodaTime;

namespace Mash.Audit.Domain.Reports.AnnexA;

/// <summary>A child as every Annex A list describes it: the census attributes the bus carries (no names).</summary>
/// <param name="BirthDate">The date of birth, or for an unborn child the expected date.</param>
public sealed record AnnexAChild(string ChildId, Gender Gender, string Ethnicity, LocalDate? BirthDate, Disability Disability)
{
    public static AnnexAChild Unknown(string childId) => new(childId, Gender.Unspecified, "", null, Disability.Unspecified);
}

/// <summary>
/// One row of a list, typed; <see cref="AnnexACells"/> prints it in the spec's columns. Each list
/// fills its own fields: list 1 the contact date and source; list 2 the early help dates and
/// organisation; list 3 the referral's; list 5 the section 47 enquiry's.
/// </summary>
public sealed record AnnexARecord(AnnexAChild Child)
{
    public LocalDate? ContactDate { get; init; }
    public ReferralSource Source { get; init; }
    public LocalDate? AssessmentStartDate { get; init; }
    public LocalDate? AssessmentCompletionDate { get; init; }
    public string AssessmentOrganisation { get; init; } = "";
    public LocalDate? ReferralDate { get; init; }
    public bool ReferralNfa { get; init; }
    public int ReferralsLast12Months { get; init; }
    public LocalDate? StrategyDiscussionDate { get; init; }
    /// <summary>Unknown (null) while the enquiry has not reached a decision.</summary>
    public bool? ConferenceUnnecessary { get; init; }
    public LocalDate? ConferenceDate { get; init; }
    /// <summary>Unknown (null) until a conference is held.</summary>
    public bool? ConferencePlan { get; init; }
    public int Section47sLast12Months { get; init; }
    public int ConferencesLast12Months { get; init; }
    public string AllocatedTeam { get; init; } = "";
    public string AllocatedWorker { get; init; } = "";
}
