using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using NodaTime;
using NodaTime.Text;

namespace Mash.Audit.Domain.Reports.AnnexA;

/// <summary>What a cell of an Annex A row holds. The YAML names are in <see cref="AnnexASpecLoader"/>.</summary>
public enum AnnexAField
{
    ChildId,
    Gender,
    Ethnicity,
    DateOfBirth,
    AgeYears,
    Disability,
    ContactDate,
    ContactSource,
    AssessmentStartDate,
    AssessmentCompletionDate,
    AssessmentOrganisation,
    ReferralDate,
    ReferralSource,
    ReferralNfa,
    ReferralsLast12Months,
    AllocatedTeam,
    AllocatedWorker,
    StrategyDiscussionDate,
    ConferenceUnnecessary,
    ConferenceDate,
    ConferencePlan,
    Section47sLast12Months,
    ConferencesLast12Months,
}

public sealed record AnnexAColumn(string Header, AnnexAField Field);

/// <summary>How census values are printed (Ofsted's lettered values, e.g. "q) 6: Police").</summary>
public sealed record AnnexAValues(
    IReadOnlyDictionary<Gender, string> Gender,
    IReadOnlyDictionary<string, string> Ethnicity,
    string UnknownEthnicity,
    IReadOnlyDictionary<ReferralSource, string> ReferralSource,
    IReadOnlyDictionary<Disability, string> Disability,
    string ReferralNfa,
    string ReferralNotNfa,
    string Yes,
    string No);

/// <summary>
/// The Annex A lists Mash exports, as data (seeds/annex-a/columns.yaml): for each list its columns
/// in the reference order and what each holds, the value sets, the date format and the default
/// look-back. A new inspection template is a change of that file, not of code.
/// </summary>
public sealed record AnnexASpec(
    int LookBackMonths,
    string DateFormat,
    IReadOnlyDictionary<AnnexAList, IReadOnlyList<AnnexAColumn>> Lists,
    AnnexAValues Values)
{
    LocalDatePattern DatePattern { get; } = LocalDatePattern.CreateWithInvariantCulture(DateFormat);

    public IReadOnlyList<AnnexAColumn> Columns(AnnexAList list) => Lists[list];

    public string Format(LocalDate date) => DatePattern.Format(date);
}
