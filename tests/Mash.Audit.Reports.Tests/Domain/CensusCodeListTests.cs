using System.Text.RegularExpressions;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using Xunit;

namespace Mash.Audit.Reports.Tests.Domain;

/// <summary>
/// Every census code list Mash uses, pinned to the children in need census specification (DfE):
/// the code lists of the 2023 to 2024 XML schema and the 2024 to 2025 change of gender to sex
/// (README, "Census code lists"). Mash keeps each value's census code in its proto comment, as the
/// contract's readers see it; these tests read the comments, so a code that drifts from the
/// specification, or a value added without one, fails here.
/// </summary>
public sealed partial class CensusCodeListTests
{
    /// <summary>ReferralSource, in the specification's order.</summary>
    static readonly string[] ReferralSources = ["1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10"];

    /// <summary>Sex (N00783), which replaced the gender codes 1, 2, 0 and 9 in 2024 to 2025.</summary>
    static readonly string[] Sexes = ["M", "F", "U"];

    static readonly string[] PrimaryNeeds = ["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9", "N0"];

    /// <summary>Factors identified at the end of assessment, but 21 ("no factors identified"), which is a flag in Mash.</summary>
    static readonly string[] Factors =
    [
        "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C", "6A", "6B", "6C", "7A",
        "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A", "18B", "18C", "19B", "19C",
        "20", "22A", "23A", "24A",
    ];

    static readonly string[] Ethnicities =
    [
        "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH",
        "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
    ];

    [Fact]
    public void Referral_sources_are_the_census_codes_in_the_specification_s_order()
    {
        var codes = CodesOf("ReferralSource");
        Assert.Equal(ReferralSources, codes.Values);
        Assert.Equal(Enum.GetValues<ReferralSource>().Length - 1, codes.Count);
    }

    [Fact]
    public void Annex_A_prints_each_referral_source_with_its_own_census_code()
    {
        var texts = AnnexASpecTests.Shipped().Values.ReferralSource;
        var codes = CodesOf("ReferralSource");
        // "q) 6: Police": the code is the second word, before its colon.
        Assert.All(Enum.GetValues<ReferralSource>().Where(s => s != ReferralSource.Unspecified),
            s => Assert.Equal(codes[(int)s] + ":", texts[s].Split(' ')[1]));
    }

    [Fact]
    public void Gender_gives_the_census_sex_code_of_every_value_the_unset_one_included()
    {
        var codes = CodesOf("Gender", includeUnset: true);
        Assert.Equal(Enum.GetValues<Gender>().Length, codes.Count);
        Assert.All(codes.Values, c => Assert.Contains(c, Sexes));
        Assert.Equal(("M", "F"), (codes[(int)Gender.Male], codes[(int)Gender.Female]));
    }

    [Fact]
    public void Primary_needs_are_N0_to_N9()
    {
        var codes = CodesOf("PrimaryNeed");
        Assert.Equal(PrimaryNeeds.Order(), codes.Values.Order());
    }

    [Fact]
    public void Concern_categories_with_a_census_code_cover_every_factor_identified_at_assessment()
    {
        // The comment of a census category names its codes: "1A/1B/1C", "8B-8F", "18C" or "20".
        var codes = CodesOf("ConcernCategory", census: true).Values.SelectMany(Expand).ToList();
        Assert.Equal(codes.Distinct().Count(), codes.Count);
        Assert.Equal(Factors.Order(), codes.Order());
        Assert.Equal(["A", "B", "C"], CodesOf("ConcernSubject", census: false, firstWord: c => c.Replace("census suffix ", "").Split(' ')[0]).Values.Take(3));
    }

    [Fact]
    public void Annex_A_knows_the_census_ethnicity_codes_and_no_others()
    {
        Assert.Equal(Ethnicities.Order(), AnnexASpecTests.Shipped().Values.Ethnicity.Keys.Order());
    }

    static IEnumerable<string> Expand(string code)
    {
        if (RangeCode().Match(code) is { Success: true } range)
            return Enumerable.Range(range.Groups[2].Value[0], range.Groups[3].Value[0] - range.Groups[2].Value[0] + 1)
                .Select(letter => range.Groups[1].Value + (char)letter);
        return code.Split('/');
    }

    /// <summary>
    /// The census code of each value of a common.proto enum: the first word of its comment. With
    /// <paramref name="census"/>, only values whose comment starts with a census code (concern
    /// categories from other lists have none).
    /// </summary>
    static SortedDictionary<int, string> CodesOf(string enumName, bool includeUnset = false, bool census = false, Func<string, string>? firstWord = null)
    {
        var proto = File.ReadAllText(Path.Combine(SeedRoot.Repository(), "contracts", "proto", "mash", "common", "v1", "common.proto"));
        var body = Regex.Match(proto, $@"\nenum {enumName} \{{(?<body>.*?)\n\}}", RegexOptions.Singleline).Groups["body"].Value;
        Assert.False(string.IsNullOrEmpty(body), $"enum {enumName} not found in common.proto");
        var codes = new SortedDictionary<int, string>();
        foreach (Match value in EnumValue().Matches(body))
        {
            var number = int.Parse(value.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var comment = value.Groups["comment"].Value.Trim();
            if (number == 0 && !includeUnset) continue;
            var code = firstWord?.Invoke(comment) ?? comment.Split(' ')[0];
            if (census && !CensusCode().IsMatch(code)) continue;
            codes[number] = code;
        }
        return codes;
    }

    [GeneratedRegex(@"^\s*[A-Z0-9_]+ = (?<number>\d+);[ \t]*(//(?<comment>[^\n]*))?", RegexOptions.Multiline)]
    private static partial Regex EnumValue();

    [GeneratedRegex(@"^\d{1,2}[A-F]?([/-]\d{1,2}[A-F]?)*$")]
    private static partial Regex CensusCode();

    [GeneratedRegex(@"^(\d{1,2})([A-F])-\1([A-F])$")]
    private static partial Regex RangeCode();
}
