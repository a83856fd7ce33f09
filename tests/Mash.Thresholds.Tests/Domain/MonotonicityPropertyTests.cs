using Mash.BuildingBlocks.ReferenceData;
using FsCheck;
using FsCheck.Fluent;
using Mash.Contracts.Common.V1;
using Mash.Thresholds.Domain.Engine;
using Mash.Thresholds.Domain.RuleSets;
using static Mash.Thresholds.Tests.Domain.Fixtures;

namespace Mash.Thresholds.Tests.Domain;

/// <summary>
/// README: concerns appear only in positive conditions, so adding a concern can only make more
/// rules fire and never lowers the level. Checked on random rule sets written as YAML (so the loader
/// is in the loop) against random children.
/// </summary>
public class MonotonicityPropertyTests
{
    private static readonly string[] Categories =
        ["neglect", "domestic_abuse", "drug_misuse", "mental_health", "housing", "self_harm", "sexual_abuse_adult_on_child", "parenting_support"];
    private static readonly string[] Subjects = ["child", "parent_or_carer", "other_household_member"];
    private static readonly string[] Rags = ["red", "amber", "green"];
    private static readonly string[] Bools = ["true", "false"];

    public sealed record Case(string Yaml, (int Category, int Subject)[] Concerns, int Age, bool ImmediateRisk, (int Category, int Subject) Extra)
    {
        public override string ToString() =>
            $"{Yaml}\nconcerns: {string.Join(", ", Concerns)}; age {Age}; immediate risk {ImmediateRisk}; extra {Extra}";
    }

    private static Gen<string> CategoryList =>
        Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Gen.Elements(Categories), n)).Select(cs => "[" + string.Join(", ", cs) + "]");

    private static Gen<string> Leaf => Gen.OneOf(
        Gen.Elements(Categories).Select(c => $"concern: {c}"),
        Gen.Zip(Gen.Elements(Categories), Gen.Elements(Subjects)).Select(t => $"concern: {{ category: {t.Item1}, subject: {t.Item2} }}"),
        CategoryList.Select(l => $"concern_any: {l}"),
        CategoryList.Select(l => $"concern_all: {l}"),
        Gen.Choose(1, 4).Select(n => $"concern_count_at_least: {n}"),
        Gen.Choose(1, 18).Select(n => $"age_years_under: {n}"),
        Gen.Choose(0, 17).Select(n => $"age_years_at_least: {n}"),
        Gen.Elements(Bools).Select(b => $"immediate_risk: {b}"),
        Gen.Choose(1, 18).Select(n => $"not: {{ age_years_under: {n} }}"),
        Gen.Elements(Bools).Select(b => $"not: {{ immediate_risk: {b} }}"));

    private static Gen<string> Condition => Gen.OneOf(
        Leaf,
        Leaf,
        from n in Gen.Choose(2, 3)
        from items in Gen.ArrayOf(Leaf, n)
        from key in Gen.Elements("any", "all")
        select $"{key}: [ {string.Join(", ", items.Select(i => "{ " + i + " }"))} ]");

    private static Gen<string> Rule(int index) =>
        from condition in Condition
        from level in Gen.Choose(1, 4)
        from rag in Gen.Elements(Rags)
        select $"""
              - id: P-{index:000}
                when: {"{"} {condition} {"}"}
                level: {level}
                pathway: {RuleSetLoader.PathwayOf(level) switch
                {
                    Pathway.NoFurtherAction => "no_further_action\n    nfa_reason: information_only",
                    Pathway.EarlyHelp => "early_help",
                    Pathway.ChildInNeed => "child_in_need",
                    _ => "child_protection",
                }}
                rag: {rag}
                reason: Generated rule {index}.

            """;

    private static Gen<(int, int)> Concern => Gen.Zip(Gen.Choose(0, Categories.Length - 1), Gen.Choose(0, Subjects.Length - 1));

    private static Gen<Case> Cases =>
        from ruleCount in Gen.Choose(1, 12)
        from rules in Gen.CollectToArray(Enumerable.Range(1, ruleCount), Rule)
        from concernCount in Gen.Choose(0, 4)
        from concerns in Gen.ArrayOf(Concern, concernCount)
        from age in Gen.Choose(0, 17)
        from risk in Gen.Elements(true, false)
        from extra in Concern
        select new Case(WithRules(string.Concat(rules)), concerns, age, risk, extra);

    private static ChildFacts Child(IEnumerable<(int Category, int Subject)> concerns, int age)
    {
        var child = Fixtures.Child(age);
        foreach (var (category, subject) in concerns)
        {
            Assert.True(EnumNames<ConcernCategory>.Instance.TryParse(Categories[category], out var c));
            Assert.True(EnumNames<ConcernSubject>.Instance.TryParse(Subjects[subject], out var s));
            child.Concerns.Add(new ConcernFact { Category = c, Subject = s });
        }
        return child;
    }

    private static Recommendation Evaluate(RuleSet set, ChildFacts child, bool immediateRisk)
    {
        var contact = Contact(London(2026, 5, 7, 10), child);
        contact.ImmediateRisk = immediateRisk;
        return ThresholdEngine.Evaluate(contact, child, new ChildPlace("walsall", "walsall-north"), set, Calendar, London(2026, 5, 7, 10));
    }

    private static bool AddingAConcernNeverLowersTheLevel(Case c)
    {
        var load = RuleSetLoader.Load("generated.yaml", c.Yaml);
        Assert.True(load.Succeeded, string.Join("\n", load.Errors));
        var before = Evaluate(load.RuleSet!, Child(c.Concerns, c.Age), c.ImmediateRisk);
        var after = Evaluate(load.RuleSet!, Child([.. c.Concerns, c.Extra], c.Age), c.ImmediateRisk);
        var firedBefore = before.FiredRules.Select(f => f.RuleId).ToHashSet();
        var firedAfter = after.FiredRules.Select(f => f.RuleId).ToHashSet();
        return after.Level >= before.Level && firedBefore.IsSubsetOf(firedAfter);
    }

    [Fact]
    public void Adding_a_concern_never_lowers_the_level() =>
        Prop.ForAll(Cases.ToArbitrary(), AddingAConcernNeverLowersTheLevel)
            .Check(Config.QuickThrowOnFailure.WithMaxTest(500));
}
