using System.Text.RegularExpressions;
using Mash.Audit.Domain.Reports.AnnexA;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Xunit;

namespace Mash.Audit.Reports.Tests.Domain;

/// <summary>The shipped seeds/annex-a/columns.yaml against the reference, and the loader's errors.</summary>
public sealed partial class AnnexASpecTests
{
    public static AnnexASpec Shipped()
    {
        var path = Path.Combine(SeedRoot.Repository(), "seeds", "annex-a", "columns.yaml");
        var (spec, errors) = AnnexASpecLoader.Load("seeds/annex-a/columns.yaml", File.ReadAllText(path));
        Assert.Empty(errors);
        return spec!;
    }

    /// <summary>
    /// The "Columns (in order)" cell of each list in AnnexA/reference-columns.md (the public Annex A lists):
    /// headers separated by commas, some in bold, a bold one possibly followed by its value set in
    /// parentheses ("**Referral NFA?** (a) Yes / b) No / c) Unknown)").
    /// </summary>
    static IReadOnlyList<string> ReferenceColumns(string listName)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "AnnexA", "reference-columns.md"));
        var row = text.Split('\n').Single(l => l.StartsWith($"| **{listName}** |", StringComparison.Ordinal));
        var cell = row.Split(" | ")[1];
        return ValueSetNote().Replace(cell, "").Split(", ").Select(c => c.Replace("**", "").Trim()).ToList();
    }

    [GeneratedRegex(@"(?<=\*\*) \(a\)[^*]*?\)(?=,)")]
    private static partial Regex ValueSetNote();

    [Theory]
    [InlineData(AnnexAList.Contacts, "1 Contacts")]
    [InlineData(AnnexAList.EarlyHelp, "2 Early Help")]
    [InlineData(AnnexAList.Referrals, "3 Referrals")]
    [InlineData(AnnexAList.Section47, "5 Section 47 enquiries and ICPCs")]
    public void The_headers_are_the_reference_columns_in_order(AnnexAList list, string referenceName)
    {
        var reference = ReferenceColumns(referenceName);
        Assert.True(reference.Count >= 7, $"read {reference.Count} columns from the reference");
        Assert.Equal(reference, AnnexACells.Header(Shipped(), list));
    }

    [Fact]
    public void The_value_sets_print_the_lettered_codes()
    {
        var values = Shipped().Values;
        Assert.Equal("q) 6: Police", values.ReferralSource[ReferralSource.Police]);
        Assert.Equal("e) 2A: Schools", values.ReferralSource[ReferralSource.Schools]);
        Assert.Equal("p1) 5D: LA services", values.ReferralSource[ReferralSource.EarlyHelp]);
        Assert.Equal("u) 10: Unknown", values.ReferralSource[ReferralSource.Unspecified]);
        Assert.Equal(Enum.GetValues<ReferralSource>().Length, values.ReferralSource.Count);
        Assert.Equal(Enum.GetValues<Gender>().Length, values.Gender.Count);
        Assert.Equal(20, values.Ethnicity.Count);
        Assert.Equal(("a) Yes", "b) No"), (values.ReferralNfa, values.ReferralNotNfa));
        Assert.Equal(("a) Yes", "b) No"), (values.Yes, values.No));
    }

    [Fact]
    public void Every_error_of_a_broken_file_is_reported_with_its_line()
    {
        const string yaml = """
            look_back_months: 0
            date_format: dd/MM
            lists:
              contacts:
                - { header: Child Unique ID, field: child_id }
                - { header: Allocated Team, field: allocated_team }
              early_help:
                - { header: Child Unique ID, field: child_id }
              referrals:
                - { header: Child Unique ID, field: child_id }
                - { header: Child Unique ID, field: gender }
            values:
              gender: { male: a) Male }
              ethnicity: { WBRI: a) WBRI, wbri: x }
              referral_source: { polise: q) 6 }
              disability: { "yes": a) Yes, "no": b) No, not_known: c), not_recorded: c) }
              referral_nfa: { nfa: a) Yes }
            """;

        var (spec, errors) = AnnexASpecLoader.Load("columns.yaml", yaml);

        Assert.Null(spec);
        Assert.All(errors, e => Assert.Equal("columns.yaml", e.File));
        var byLine = errors.Select(e => (e.Line, e.Message)).ToList();
        Assert.Contains(byLine, e => e.Line == 1 && e.Message.Contains("look_back_months"));
        Assert.Contains(byLine, e => e.Line == 2 && e.Message.Contains("day, month and year"));
        Assert.Contains(byLine, e => e.Line == 6 && e.Message.Contains("unknown field 'allocated_team' for contacts"));
        Assert.Contains(byLine, e => e.Line == 11 && e.Message.Contains("appears twice"));
        Assert.Contains(byLine, e => e.Line == 13 && e.Message.Contains("gender lacks a text for") && e.Message.Contains("not_recorded"));
        Assert.Contains(byLine, e => e.Line == 14 && e.Message.Contains("'wbri' is not a census code"));
        Assert.Contains(byLine, e => e.Line == 14 && e.Message.Contains("lacks 'unknown'"));
        Assert.Contains(byLine, e => e.Line == 15 && e.Message.Contains("did you mean 'police'"));
        Assert.Contains(byLine, e => e.Line == 17 && e.Message.Contains("not_nfa"));
    }
}
