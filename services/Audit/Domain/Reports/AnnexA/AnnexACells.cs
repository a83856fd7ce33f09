using Mash.Contracts.Audit.V1;
using NodaTime;

namespace Mash.Audit.Domain.Reports.AnnexA;

/// <summary>Prints a list's header and rows in the spec's column order and value sets.</summary>
public static class AnnexACells
{
    public static IReadOnlyList<string> Header(AnnexASpec spec, AnnexAList list) =>
        spec.Columns(list).Select(c => c.Header).ToList();

    /// <summary>The row's cells; ages are whole years on <paramref name="asOf"/> (the inspection date).</summary>
    public static IReadOnlyList<string> Row(AnnexASpec spec, AnnexAList list, AnnexARecord record, LocalDate asOf) =>
        spec.Columns(list).Select(c => Cell(spec, c.Field, record, asOf)).ToList();

    static string Cell(AnnexASpec spec, AnnexAField field, AnnexARecord r, LocalDate asOf)
    {
        var values = spec.Values;
        return field switch
        {
            AnnexAField.ChildId => r.Child.ChildId,
            AnnexAField.Gender => values.Gender[r.Child.Gender],
            AnnexAField.Ethnicity => values.Ethnicity.GetValueOrDefault(r.Child.Ethnicity) ?? values.UnknownEthnicity,
            AnnexAField.DateOfBirth => Date(spec, r.Child.BirthDate),
            AnnexAField.AgeYears => AgeYears(r.Child.BirthDate, asOf)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            AnnexAField.Disability => values.Disability[r.Child.Disability],
            AnnexAField.ContactDate => Date(spec, r.ContactDate),
            AnnexAField.ContactSource or AnnexAField.ReferralSource => values.ReferralSource[r.Source],
            AnnexAField.AssessmentStartDate => Date(spec, r.AssessmentStartDate),
            AnnexAField.AssessmentCompletionDate => Date(spec, r.AssessmentCompletionDate),
            AnnexAField.AssessmentOrganisation => r.AssessmentOrganisation,
            AnnexAField.ReferralDate => Date(spec, r.ReferralDate),
            AnnexAField.ReferralNfa => r.ReferralNfa ? values.ReferralNfa : values.ReferralNotNfa,
            AnnexAField.ReferralsLast12Months => r.ReferralsLast12Months.ToString(System.Globalization.CultureInfo.InvariantCulture),
            AnnexAField.StrategyDiscussionDate => Date(spec, r.StrategyDiscussionDate),
            AnnexAField.ConferenceUnnecessary => YesNo(values, r.ConferenceUnnecessary),
            AnnexAField.ConferenceDate => Date(spec, r.ConferenceDate),
            AnnexAField.ConferencePlan => YesNo(values, r.ConferencePlan),
            AnnexAField.Section47sLast12Months => r.Section47sLast12Months.ToString(System.Globalization.CultureInfo.InvariantCulture),
            AnnexAField.ConferencesLast12Months => r.ConferencesLast12Months.ToString(System.Globalization.CultureInfo.InvariantCulture),
            AnnexAField.AllocatedTeam => r.AllocatedTeam,
            AnnexAField.AllocatedWorker => r.AllocatedWorker,
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "a field the loader admits must be printed here"),
        };
    }

    static string Date(AnnexASpec spec, LocalDate? date) => date is { } d ? spec.Format(d) : "";

    /// <summary>Not known yet is an empty cell, as D2I's tool leaves it (NULL), not "No".</summary>
    static string YesNo(AnnexAValues values, bool? answer) => answer switch { true => values.Yes, false => values.No, null => "" };

    /// <summary>Whole years on <paramref name="asOf"/>; none for a child not yet born by then (or of unknown birth).</summary>
    public static int? AgeYears(LocalDate? birth, LocalDate asOf) =>
        birth is { } b && b <= asOf ? Period.Between(b, asOf, PeriodUnits.Years).Years : null;
}
