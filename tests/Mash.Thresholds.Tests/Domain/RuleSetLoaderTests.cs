using Mash.BuildingBlocks.ReferenceData;
using System.Security.Cryptography;
using System.Text;
using Mash.Contracts.Common.V1;
using Mash.Thresholds.Domain.RuleSets;
using NodaTime;

namespace Mash.Thresholds.Tests.Domain;

public class RuleSetLoaderTests
{
    private const string File = "seeds/thresholds/test.yaml";

    private static LoadError SingleError(string yaml)
    {
        var result = RuleSetLoader.Load(File, yaml);
        Assert.Null(result.RuleSet);
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(File, error.File);
        return error;
    }

    private static void AssertError(LoadError error, int line, string? ruleId, string containing)
    {
        Assert.Equal(line, error.Line);
        Assert.Equal(ruleId, error.RuleId);
        Assert.Contains(containing, error.Message);
        var text = error.ToString();
        Assert.StartsWith($"{File}:{line}: ", text);
        if (ruleId is not null) Assert.Contains($"rule {ruleId}: ", text);
    }

    [Fact]
    public void A_valid_file_loads_every_field()
    {
        var yaml = """
            id: walsall-levels-of-need
            version: 3
            local_authority: walsall
            title: Walsall Right Help, Right Time
            effective_from: 2026-04-01
            timeliness:
              mash_decision:
                amber: { hours: 24 }
              referral_decision_max: { working_days: 2 }
              strategy_discussion: { same_working_day: true }
            default:
              level: 1
              pathway: no_further_action
              nfa_reason: advice_and_signposting
              rag: green
              reason: No presenting need above universal services.
            rules:
              - id: WAL-001
                when:
                  concern: sexual_abuse_adult_on_child
                level: 4
                pathway: child_protection
                rag: red
                reason: A disclosure of sexual abuse by an adult is reasonable cause to suspect significant harm.
              - id: WAL-010
                when:
                  concern: { category: domestic_abuse, subject: parent_or_carer }
                  age_years_under: 5
                  household_member: { relationship: [parents_partner, unrelated_household_member], lives_with_children: true, age_years_at_least: 18 }
                level: 3
                pathway: child_in_need
                rag: amber
                reason: Domestic abuse at home with a young child.
              - id: WAL-030
                when:
                  information_only: true
                  already_open: true
                  not: { open_pathway: [early_help] }
                  any: [ { referral_source: police }, { contacts_in_last_12_months_at_least: 3 } ]
                level: 1
                pathway: no_further_action
                nfa_reason: already_open_to_service
                rag: green
                auto_route: true
                reason: Information about a child already open to a service is passed to the allocated worker.
            """;

        var result = RuleSetLoader.Load(File, yaml);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var set = result.RuleSet!;
        Assert.Equal("walsall-levels-of-need", set.Id);
        Assert.Equal(3, set.Version);
        Assert.Equal("walsall", set.LocalAuthority);
        Assert.Equal("Walsall Right Help, Right Time", set.Title);
        Assert.Equal(new LocalDate(2026, 4, 1), set.EffectiveFrom);
        Assert.Equal(File, set.SourceFile);
        Assert.Equal(yaml, set.SourceYaml);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml))), set.ContentHash);
        Assert.Matches("^[0-9a-f]{64}$", set.ContentHash);
        Assert.Equal(new RuleSetRef { RuleSetId = set.Id, Version = 3, ContentHash = set.ContentHash }, set.Ref);

        Assert.Equal(["WAL-001", "WAL-010", "WAL-030"], set.Rules.Select(r => r.Id));
        Assert.Equal([18, 25, 34], set.Rules.Select(r => r.Line));
        Assert.Equal("concern: sexual_abuse_adult_on_child", set.Rules[0].ConditionsText);
        Assert.Equal("concern: { category: domestic_abuse, subject: parent_or_carer }; age_years_under: 5; "
            + "household_member: { relationship: [parents_partner, unrelated_household_member], lives_with_children: true, age_years_at_least: 18 }",
            set.Rules[1].ConditionsText);
        Assert.Equal(new RuleOutcome(LevelOfNeed.Acute, Pathway.ChildProtection, NfaReason.Unspecified, Rag.Red,
            "A disclosure of sexual abuse by an adult is reasonable cause to suspect significant harm.", false), set.Rules[0].Outcome);
        Assert.Equal(new RuleOutcome(LevelOfNeed.Universal, Pathway.NoFurtherAction, NfaReason.AlreadyOpenToService, Rag.Green,
            "Information about a child already open to a service is passed to the allocated worker.", true), set.Rules[2].Outcome);
        Assert.Equal(NfaReason.AdviceAndSignposting, set.Default.NfaReason);

        // Overrides replace their entries only; the rest keep the README's defaults.
        Assert.Equal(new Allowance(Hours: 4), set.Timeliness.MashDecision[Rag.Red]);
        Assert.Equal(new Allowance(Hours: 24), set.Timeliness.MashDecision[Rag.Amber]);
        Assert.Equal(new Allowance(WorkingDays: 3), set.Timeliness.MashDecision[Rag.Green]);
        Assert.Equal(new Allowance(WorkingDays: 2), set.Timeliness.ReferralDecisionMax);
        Assert.Equal(new Allowance(SameWorkingDay: true), set.Timeliness.Clocks[ClockKind.StrategyDiscussion]);
        Assert.Equal(new Allowance(WorkingDays: 45), set.Timeliness.Clocks[ClockKind.AssessmentCompleted]);
    }

    [Fact]
    public void Without_timeliness_the_defaults_apply()
    {
        var set = Fixtures.Load(Fixtures.WithRules("""
              - id: T-001
                when: { concern: neglect }
                level: 3
                pathway: child_in_need
                rag: amber
                reason: Neglect.
            """));
        Assert.Same(Timeliness.Defaults, set.Timeliness);
    }

    [Fact]
    public void Invalid_yaml_is_an_error_on_its_line()
    {
        var result = RuleSetLoader.Load(File, "id: x\nversion: 1\nrules:\n  - id: [unclosed\n    level: 4\n");
        Assert.Null(result.RuleSet);
        var error = Assert.Single(result.Errors);
        Assert.Contains("invalid YAML", error.Message);
        Assert.InRange(error.Line, 4, 6);
        Assert.DoesNotContain("Idx:", error.Message);
    }

    [Fact]
    public void A_yaml_syntax_error_is_reported_on_its_line()
    {
        var error = SingleError("id: x\nversion: 1\ntitle: \"unclosed\nrules: [\n");
        Assert.Contains("invalid YAML", error.Message);
        Assert.InRange(error.Line, 3, 5);
    }

    [Fact]
    public void A_duplicate_key_is_an_error_on_its_line()
    {
        var error = SingleError(Fixtures.WithRules("""
              - id: T-001
                when: { concern: neglect }
                level: 3
                level: 4
                pathway: child_in_need
                rag: amber
                reason: Neglect.
            """));
        Assert.Equal(16, error.Line);
        Assert.Contains("invalid YAML", error.Message);
    }

    [Fact]
    public void An_empty_file_is_an_error() => AssertError(SingleError(""), 1, null, "empty");

    [Fact]
    public void A_missing_top_level_key_is_an_error() =>
        AssertError(SingleError(Fixtures.WithRules("""
              - id: T-001
                when: { concern: neglect }
                level: 3
                pathway: child_in_need
                rag: amber
                reason: Neglect.
            """).Replace("title: Test rules\n", "")), 1, null, "lacks the required key 'title'");

    [Fact]
    public void An_unknown_top_level_key_is_an_error() =>
        AssertError(SingleError("colour: blue\n" + Fixtures.WithRules("""
              - id: T-001
                when: { concern: neglect }
                level: 3
                pathway: child_in_need
                rag: amber
                reason: Neglect.
            """)), 1, null, "unknown key 'colour'");

    [Fact]
    public void A_bad_id_is_an_error() =>
        AssertError(SingleError(Fixtures.WithRules("""
              - id: T-001
                when: { concern: neglect }
                level: 3
                pathway: child_in_need
                rag: amber
                reason: Neglect.
            """).Replace("id: test-levels", "id: Test_Levels")), 1, null, "lower-case letters, digits and hyphens");

    [Fact]
    public void A_version_below_one_is_an_error() =>
        AssertError(SingleError(Fixtures.WithRules("""
              - id: T-001
                when: { concern: neglect }
                level: 3
                pathway: child_in_need
                rag: amber
                reason: Neglect.
            """).Replace("version: 1", "version: 0")), 2, null, "version must be at least 1");

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("1 April 2026")]
    [InlineData("2026-4-1")]
    public void An_effective_from_that_is_not_a_real_date_is_an_error(string date) =>
        AssertError(SingleError(Fixtures.WithRules("""
              - id: T-001
                when: { concern: neglect }
                level: 3
                pathway: child_in_need
                rag: amber
                reason: Neglect.
            """).Replace("effective_from: 2026-04-01", $"effective_from: {date}")), 5, null, "not a real date");

    [Fact]
    public void A_typo_in_a_rule_key_is_an_error_not_ignored()
    {
        var error = SingleError(Fixtures.WithRules("""
              - id: T-001
                when: { concern: neglect }
                level: 3
                pathway: child_in_need
                rag: amber
                reason: Neglect.
                auto_rout: true
            """));
        AssertError(error, 19, "T-001", "unknown key 'auto_rout'");
        Assert.Contains("did you mean 'auto_route'?", error.Message);
    }

    [Fact]
    public void A_missing_rule_key_is_an_error_on_the_rule() =>
        AssertError(SingleError(Fixtures.WithRules("""
              - id: T-001
                when: { concern: neglect }
                level: 3
                pathway: child_in_need
                rag: amber
            """)), 13, "T-001", "lacks the required key 'reason'");

    [Fact]
    public void An_unknown_concern_is_an_error_with_the_closest_name()
    {
        var error = SingleError(Fixtures.WithRules("""
              - id: WAL-012
                when:
                  concern: domestic_abuze
                level: 3
                pathway: child_in_need
                rag: amber
                reason: Domestic abuse.
            """));
        AssertError(error, 15, "WAL-012", "unknown concern 'domestic_abuze' (did you mean 'domestic_abuse'?)");
        Assert.Equal("seeds/thresholds/test.yaml:15: rule WAL-012: unknown concern 'domestic_abuze' (did you mean 'domestic_abuse'?)", error.ToString());
    }

    [Theory]
    [InlineData("referral_source: [police, anonymus]", "unknown referral source 'anonymus' (did you mean 'anonymous'?)")]
    [InlineData("setting: [not_in_school]", "unknown setting 'not_in_school'")]
    [InlineData("disability: [unspecified]", "unknown disability 'unspecified'")]
    [InlineData("open_pathway: child_protectoin", "unknown pathway 'child_protectoin' (did you mean 'child_protection'?)")]
    [InlineData("household_member: { relationship: [lodger] }", "unknown relationship 'lodger'")]
    [InlineData("concern: { category: neglect, subject: parent }", "unknown concern subject 'parent'")]
    public void Unknown_enum_names_are_errors(string condition, string message) =>
        AssertError(SingleError(Fixtures.WithRules($"""
              - id: T-001
                when:
                  {condition}
                level: 3
                pathway: child_in_need
                rag: amber
                reason: Something.
            """)), 15, "T-001", message);

    [Theory]
    [InlineData("age_years_under: five", "age_years_under must be a whole number")]
    [InlineData("age_years_under: 0", "age_years_under must be at least 1")]
    [InlineData("concern_count_at_least: [3]", "concern_count_at_least must be a whole number")]
    [InlineData("immediate_risk: yes", "immediate_risk must be true or false")]
    [InlineData("concern_all: []", "empty")]
    [InlineData("any: { concern: neglect }", "`any` must be a non-empty list")]
    [InlineData("household_member: { lives_with_children: true, owns_a_dog: true }", "unknown key 'owns_a_dog'")]
    [InlineData("concren: neglect", "unknown key 'concren' in when (did you mean 'concern'?)")]
    [InlineData("previous_children_removed: false", "previous_children_removed can only be true")]
    [InlineData("not_independently_mobile: false", "not_independently_mobile can only be true")]
    [InlineData("domestic_abuse_risk_at_least: severe", "unknown domestic abuse risk 'severe'")]
    [InlineData("exploitation_risk_at_least: [high]", "exploitation risk")]
    [InlineData("gender: [girl]", "unknown gender 'girl'")]
    public void Condition_keys_and_value_types_are_checked(string condition, string message) =>
        AssertError(SingleError(Fixtures.WithRules($"""
              - id: T-001
                when:
                  {condition}
                level: 3
                pathway: child_in_need
                rag: amber
                reason: Something.
            """)), 15, "T-001", message);

    [Fact]
    public void An_empty_when_is_an_error() =>
        AssertError(SingleError(Fixtures.WithRules("""
              - id: T-001
                when: {}
                level: 3
                pathway: child_in_need
                rag: amber
                reason: Something.
            """)), 14, "T-001", "when has no conditions");

    [Theory]
    [InlineData("not: { concern: neglect }")]
    [InlineData("not: { any: [ { already_open: true }, { concern_count_at_least: 2 } ] }")]
    [InlineData("not: { care_proceedings: true }")]
    [InlineData("not: { domestic_abuse_risk_at_least: high }")]
    [InlineData("not: { all: [ { exploitation_risk_at_least: low }, { nowhere_safe_to_sleep_tonight: true } ] }")]
    public void Not_mentioning_concerns_is_refused(string condition) =>
        AssertError(SingleError(Fixtures.WithRules($"""
              - id: T-001
                when:
                  {condition}
                level: 2
                pathway: early_help
                rag: green
                reason: Something.
            """)), 15, "T-001", "`not` may not mention concerns");

    [Fact]
    public void A_rule_names_its_source_in_at_most_200_characters()
    {
        var ok = RuleSetLoader.Load("t.yaml", Fixtures.WithRules("""
              - id: T-001
                source: "A document, section 5.5"
                when: { concern: neglect }
                level: 2
                pathway: early_help
                rag: green
                reason: Something.
            """));
        Assert.True(ok.Succeeded, string.Join("\n", ok.Errors));
        Assert.Equal("A document, section 5.5", ok.RuleSet!.Rules[0].Source);
        AssertError(SingleError(Fixtures.WithRules($"""
              - id: T-001
                source: "{new string('s', 201)}"
                when: {"{"} concern: neglect {"}"}
                level: 2
                pathway: early_help
                rag: green
                reason: Something.
            """)), 14, "T-001", "source must name a document and section in at most 200 characters");
    }

    [Fact]
    public void A_level_outside_one_to_four_is_an_error() =>
        AssertError(SingleError(Fixtures.WithRules("""
              - id: T-001
                when: { concern: neglect }
                level: 5
                pathway: child_protection
                rag: red
                reason: Something.
            """)), 15, "T-001", "level must be from 1 to 4");

    [Fact]
    public void A_pathway_that_does_not_match_the_level_is_an_error() =>
        AssertError(SingleError(Fixtures.WithRules("""
              - id: T-001
                when: { concern: neglect }
                level: 4
                pathway: child_in_need
                rag: red
                reason: Something.
            """)), 16, "T-001", "pathway child_in_need does not match level 4 (level 4 is child_protection)");

    [Fact]
    public void Nfa_without_a_reason_is_an_error() =>
        AssertError(SingleError(Fixtures.WithRules("""
              - id: T-001
                when: { information_only: true }
                level: 1
                pathway: no_further_action
                rag: green
                reason: Something.
            """)), 16, "T-001", "needs an nfa_reason");

    [Fact]
    public void An_nfa_reason_on_another_pathway_is_an_error() =>
        AssertError(SingleError(Fixtures.WithRules("""
              - id: T-001
                when: { concern: neglect }
                level: 2
                pathway: early_help
                nfa_reason: information_only
                rag: green
                reason: Something.
            """)), 17, "T-001", "nfa_reason is only for the no_further_action pathway");

    [Fact]
    public void An_unknown_rag_is_an_error() =>
        AssertError(SingleError(Fixtures.WithRules("""
              - id: T-001
                when: { concern: neglect }
                level: 2
                pathway: early_help
                rag: orange
                reason: Something.
            """)), 17, "T-001", "unknown rag 'orange'");

    [Theory]
    [InlineData("reason: ''", "reason is empty")]
    [InlineData("reason: \"   \"", "reason is empty")]
    public void An_empty_reason_is_an_error(string reason, string message) =>
        AssertError(SingleError(Fixtures.WithRules($"""
              - id: T-001
                when: {"{"} concern: neglect {"}"}
                level: 2
                pathway: early_help
                rag: green
                {reason}
            """)), 18, "T-001", message);

    [Fact]
    public void A_reason_over_300_characters_is_an_error() =>
        AssertError(SingleError(Fixtures.WithRules($"""
              - id: T-001
                when: {"{"} concern: neglect {"}"}
                level: 2
                pathway: early_help
                rag: green
                reason: {new string('x', 301)}
            """)), 18, "T-001", "301 characters; at most 300");

    [Fact]
    public void Auto_route_on_anything_but_level_one_nfa_is_an_error() =>
        AssertError(SingleError(Fixtures.WithRules("""
              - id: T-001
                when: { concern: neglect }
                level: 2
                pathway: early_help
                rag: green
                auto_route: true
                reason: Something.
            """)), 18, "T-001", "auto_route is only allowed on level 1 no_further_action rules");

    [Fact]
    public void A_duplicate_rule_id_is_an_error() =>
        AssertError(SingleError(Fixtures.WithRules("""
              - id: T-001
                when: { concern: neglect }
                level: 2
                pathway: early_help
                rag: green
                reason: Something.
              - id: T-001
                when: { concern: housing }
                level: 2
                pathway: early_help
                rag: green
                reason: Something else.
            """)), 19, "T-001", "duplicate rule id (first used on line 13)");

    [Fact]
    public void A_bad_rule_id_is_an_error() =>
        AssertError(SingleError(Fixtures.WithRules("""
              - id: T 001!
                when: { concern: neglect }
                level: 2
                pathway: early_help
                rag: green
                reason: Something.
            """)), 13, "T 001!", "a rule id is letters, digits");

    [Fact]
    public void A_rule_without_a_usable_id_is_an_error() =>
        AssertError(SingleError(Fixtures.WithRules("""
              - id: [T-001]
                when: { concern: neglect }
                level: 2
                pathway: early_help
                rag: green
                reason: Something.
            """)), 13, null, "a rule id must be a single value");

    [Theory]
    [InlineData("red: { hours: 4, working_days: 1 }", "exactly one of hours, working_hours, working_days or same_working_day")]
    [InlineData("red: {}", "exactly one of hours, working_hours, working_days or same_working_day")]
    [InlineData("red: { minutes: 30 }", "unknown key 'minutes'")]
    [InlineData("red: { working_hours: 0 }", "mash_decision.red.working_hours must be at least 1")]
    [InlineData("red: { hours: 0 }", "mash_decision.red.hours must be at least 1")]
    [InlineData("red: { same_working_day: false }", "same_working_day can only be true")]
    [InlineData("purple: { hours: 4 }", "unknown key 'purple' in mash_decision")]
    public void Allowances_are_exactly_one_of_hours_working_hours_working_days_or_same_working_day(string allowance, string message) =>
        AssertError(SingleError(Fixtures.WithRules("""
              - id: T-001
                when: { concern: neglect }
                level: 2
                pathway: early_help
                rag: green
                reason: Something.
            """).Replace("default:", $"timeliness:\n  mash_decision:\n    {allowance}\ndefault:")), 8, null, message);

    [Fact]
    public void Every_error_is_reported_at_once_and_no_rule_set_is_returned()
    {
        var result = RuleSetLoader.Load(File, Fixtures.WithRules("""
              - id: T-001
                when: { concern: neglekt }
                level: 2
                pathway: early_help
                rag: green
                reason: Something.
              - id: T-002
                when: { concern: housing }
                level: 3
                pathway: early_help
                rag: green
                reason: Something.
              - id: T-003
                when: { concern: housing }
                level: 2
                pathway: early_help
                rag: green
            """).Replace("version: 1", "version: none"));

        Assert.Null(result.RuleSet);
        Assert.False(result.Succeeded);
        Assert.Equal(
            [(2, null), (14, "T-001"), (22, "T-002"), (25, "T-003")],
            result.Errors.Select(e => (e.Line, e.RuleId)));
    }
}
