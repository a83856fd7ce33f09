using Mash.BuildingBlocks.ReferenceData;
using System.Globalization;
using Mash.Contracts.Common.V1;
using Mash.Thresholds.Domain.Engine;
using Mash.Thresholds.Domain.RuleSets;
using NodaTime;
using Xunit;

namespace Mash.Thresholds.Tests.Rules;

/// <summary>
/// The shipped rule sets (seeds/thresholds/walsall.yaml, wolverhampton.yaml) against tables of
/// cases (Rules/&lt;authority&gt;.cases.yaml): one theory row per case, named by the case.
/// </summary>
public sealed class RuleSetTableTests
{
    public static readonly string[] Authorities = ["walsall", "wolverhampton"];

    private static readonly Dictionary<string, ThresholdCaseFile> Files =
        Authorities.ToDictionary(a => a, ThresholdCaseFile.Load);

    private static readonly Dictionary<string, string> DefaultPostcode = new()
    {
        ["walsall"] = "WS1 1TP",
        ["wolverhampton"] = "WV1 1RL",
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (authority, file) in Files)
            foreach (var @case in file.Cases)
                data.Add(new TheoryDataRow<string, string>(authority, @case.Name) { TestDisplayName = $"{authority}: {@case.Name}" });
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_gets_the_expected_recommendation(string authority, string name)
    {
        var @case = Files[authority].Cases.Single(c => c.Name == name);
        var recommendation = Evaluate(authority, @case);
        var expect = @case.Expect;

        Assert.Equal(expect.Fired, recommendation.FiredRules.Select(r => r.RuleId).ToList());
        Assert.Equal(expect.Winner, recommendation.WinningRuleId);
        Assert.Equal(ProtoNames.Parse<Pathway>(expect.Pathway), recommendation.Pathway);
        Assert.Equal(expect.NfaReason is null ? NfaReason.Unspecified : ProtoNames.Parse<NfaReason>(expect.NfaReason), recommendation.NfaReason);
        Assert.Equal(ProtoNames.Parse<Rag>(expect.Rag), recommendation.Rag);
        Assert.Equal((LevelOfNeed)expect.Level, recommendation.Level);
        Assert.Equal(expect.AutoRoute, recommendation.AutoRoute);
        if (expect.Deadline is not null)
            Assert.Equal(DateTimeOffset.Parse(expect.Deadline, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                recommendation.DecisionDeadline.ToDateTimeOffset());
    }

    [Fact]
    public void Case_tables_are_large_and_names_are_unique()
    {
        foreach (var (authority, file) in Files)
        {
            Assert.True(file.Cases.Count >= 120, $"{authority}.cases.yaml has {file.Cases.Count} cases; keep at least 120");
            Assert.Equal(file.Cases.Count, file.Cases.Select(c => c.Name).Distinct().Count());
            // Each expectation says where it comes from, so a reader can check it against the document.
            Assert.All(file.Cases, c => Assert.False(string.IsNullOrWhiteSpace(c.Source), $"{authority}: '{c.Name}' has no source"));
        }
    }

    [Theory]
    [InlineData("walsall", "walsall-levels-of-need", "WAL-")]
    [InlineData("wolverhampton", "wolverhampton-levels-of-need", "WOL-")]
    public void Seed_rule_set_loads_without_errors(string authority, string id, string rulePrefix)
    {
        var path = $"seeds/thresholds/{authority}.yaml";
        var result = RuleSetLoader.Load(path, SeedFiles.Read(path));

        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));
        Assert.True(result.Succeeded);
        var ruleSet = result.RuleSet!;
        Assert.Equal(id, ruleSet.Id);
        Assert.Equal(1, ruleSet.Version);
        Assert.Equal(authority, ruleSet.LocalAuthority);
        Assert.Equal(new LocalDate(2026, 4, 1), ruleSet.EffectiveFrom);
        Assert.True(ruleSet.Rules.Count >= 40, $"{path} has {ruleSet.Rules.Count} rules");
        // Ids number the rules in file order (WAL-001, WAL-002, ...), so a screener can find one.
        Assert.Equal(Enumerable.Range(1, ruleSet.Rules.Count).Select(n => $"{rulePrefix}{n:000}"), ruleSet.Rules.Select(r => r.Id));
        Assert.All(ruleSet.Rules, r => Assert.InRange(r.Outcome.Reason.Length, 20, 300));
        // Every rule names the document and section it renders.
        Assert.All(ruleSet.Rules, r => Assert.False(string.IsNullOrWhiteSpace(r.Source), $"{r.Id} has no source"));
        Assert.Equal(Pathway.NoFurtherAction, ruleSet.Default.Pathway);
    }

    [Fact]
    public void Every_seed_file_in_seeds_thresholds_loads()
    {
        var files = Directory.GetFiles(SeedFiles.PathOf("seeds/thresholds"), "*.yaml");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var result = RuleSetLoader.Load($"seeds/thresholds/{Path.GetFileName(file)}", File.ReadAllText(file));
            Assert.True(result.Succeeded, $"{file}:\n{string.Join("\n", result.Errors)}");
        }
    }

    [Fact]
    public void The_two_authorities_keep_their_own_timescales()
    {
        var walsall = SeedFiles.RuleSetOf("walsall").Timeliness.MashDecision;
        var wolverhampton = SeedFiles.RuleSetOf("wolverhampton").Timeliness.MashDecision;

        Assert.Equal(new Allowance(Hours: 4), walsall[Rag.Red]);
        Assert.Equal(new Allowance(WorkingDays: 1), walsall[Rag.Amber]);
        Assert.Equal(new Allowance(WorkingDays: 3), walsall[Rag.Green]);
        Assert.Equal(new Allowance(Hours: 2), wolverhampton[Rag.Red]);
        Assert.Equal(new Allowance(Hours: 6), wolverhampton[Rag.Amber]);
        Assert.Equal(new Allowance(WorkingDays: 1), wolverhampton[Rag.Green]);
    }

    [Theory]
    [InlineData("walsall")]
    [InlineData("wolverhampton")]
    public void Every_rule_fires_in_at_least_one_case(string authority)
    {
        var fired = Files[authority].Cases
            .SelectMany(c => Evaluate(authority, c).FiredRules.Select(r => r.RuleId))
            .ToHashSet();

        var neverFired = SeedFiles.RuleSetOf(authority).Rules.Select(r => r.Id).Where(id => !fired.Contains(id)).ToList();
        Assert.True(neverFired.Count == 0, $"no case in {authority}.cases.yaml fires {string.Join(", ", neverFired)}: add one");
    }

    [Theory]
    [InlineData("walsall")]
    [InlineData("wolverhampton")]
    public void Every_outcome_of_the_rule_set_is_some_case_s_winner(string authority)
    {
        // Coverage of outcomes too: each pathway, each NFA reason and each RAG wins somewhere.
        var recommendations = Files[authority].Cases.Select(c => Evaluate(authority, c)).ToList();
        foreach (var pathway in ProtoNames.Values<Pathway>())
            Assert.Contains(recommendations, r => r.Pathway == pathway);
        foreach (var reason in ProtoNames.Values<NfaReason>())
            Assert.Contains(recommendations, r => r.NfaReason == reason);
        foreach (var rag in ProtoNames.Values<Rag>())
            Assert.Contains(recommendations, r => r.Rag == rag);
        Assert.Contains(recommendations, r => r.AutoRoute);
    }

    internal static Recommendation Evaluate(string authority, ThresholdCase @case)
    {
        var (contact, child) = @case.ToFacts(DefaultPostcode[authority]);
        var place = SeedFiles.Localities.Find(child.Postcode);
        if (!place.IsOutside && place.LocalAuthority != authority)
            throw new InvalidOperationException($"{@case.Name}: {child.Postcode} is in {place.LocalAuthority}, not {authority}");
        return ThresholdEngine.Evaluate(contact, child, place, SeedFiles.RuleSetOf(authority), SeedFiles.Calendar, @case.Received);
    }
}
