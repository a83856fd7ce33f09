using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using Mash.Thresholds.Domain.Engine;
using Mash.Thresholds.Domain.RuleSets;
using static Mash.Thresholds.Tests.Domain.Fixtures;

namespace Mash.Thresholds.Tests.Domain;

public class ThresholdEngineTests
{
    private static readonly RuleSet Rules = Load(WithRules("""
          - id: CP-RED
            when: { concern: sexual_abuse_adult_on_child }
            level: 4
            pathway: child_protection
            rag: red
            reason: Sexual abuse by an adult.
          - id: CP-AMBER
            when: { concern: physical_abuse_adult_on_child }
            level: 4
            pathway: child_protection
            rag: amber
            reason: Physical abuse by an adult.
          - id: CP-TRIO
            when: { concern_all: [domestic_abuse, drug_misuse] }
            level: 4
            pathway: child_protection
            rag: red
            reason: Domestic abuse with drug misuse.
          - id: CIN-NEGLECT
            when: { concern: neglect }
            level: 3
            pathway: child_in_need
            rag: green
            reason: Neglect.
          - id: EH-PARENTING
            when: { concern: parenting_support }
            level: 2
            pathway: early_help
            rag: green
            reason: Parenting support.
          - id: EH-SCHOOL
            when: { concern: school_absence }
            level: 2
            pathway: early_help
            rag: amber
            reason: School absence.
          - id: INFO-OPEN
            when: { information_only: true, already_open: true }
            level: 1
            pathway: no_further_action
            nfa_reason: already_open_to_service
            rag: green
            auto_route: true
            reason: Information about an open child goes to the allocated worker.
        """));

    private static readonly ChildPlace Walsall = new("walsall", "walsall-north");
    // Thursday 7 May 2026, 10:00 in London (BST).
    private static readonly DateTimeOffset Received = London(2026, 5, 7, 10);
    private static readonly DateTimeOffset Evaluated = Received.AddMinutes(1);

    private static Recommendation Evaluate(ChildFacts child, ChildPlace? place = null, bool informationOnly = false)
    {
        var contact = Contact(Received, child);
        contact.InformationOnly = informationOnly;
        return ThresholdEngine.Evaluate(contact, child, place ?? Walsall, Rules, Calendar, Evaluated);
    }

    [Fact]
    public void The_highest_level_wins_and_every_fired_rule_is_listed_in_file_order()
    {
        var r = Evaluate(Child(8, ConcernCategory.ParentingSupport, ConcernCategory.Neglect, ConcernCategory.PhysicalAbuseAdultOnChild));

        Assert.Equal("CP-AMBER", r.WinningRuleId);
        Assert.Equal(LevelOfNeed.Acute, r.Level);
        Assert.Equal(Pathway.ChildProtection, r.Pathway);
        Assert.Equal(NfaReason.Unspecified, r.NfaReason);
        Assert.Equal(Rag.Amber, r.Rag);
        Assert.False(r.AutoRoute);
        Assert.Equal(["CP-AMBER", "CIN-NEGLECT", "EH-PARENTING"], r.FiredRules.Select(f => f.RuleId));
        Assert.Equal(new FiredRule { RuleId = "CIN-NEGLECT", Reason = "Neglect.", Level = LevelOfNeed.Complex, Pathway = Pathway.ChildInNeed, Rag = Rag.Green },
            r.FiredRules[1]);
        Assert.Equal("CP-AMBER has the highest level fired (4, acute) of the 3 rules that fired.", r.WhyWinner);
        Assert.Equal(Rules.Ref, r.RuleSet);
        Assert.Equal(Evaluated, r.EvaluatedAt.ToDateTimeOffset());
        Assert.Equal("", r.RecommendationId);
    }

    [Fact]
    public void On_a_level_tie_the_most_urgent_rag_wins()
    {
        var r = Evaluate(Child(8, ConcernCategory.PhysicalAbuseAdultOnChild, ConcernCategory.SexualAbuseAdultOnChild));

        Assert.Equal("CP-RED", r.WinningRuleId);
        Assert.Equal(Rag.Red, r.Rag);
        Assert.Equal("CP-RED has the highest level fired (4, acute) of the 2 rules that fired; of the 2 rules at that level it has the most urgent RAG (red).",
            r.WhyWinner);
    }

    [Fact]
    public void On_a_level_and_rag_tie_the_first_in_the_file_wins()
    {
        var r = Evaluate(Child(8, ConcernCategory.DrugMisuse, ConcernCategory.DomesticAbuse, ConcernCategory.SexualAbuseAdultOnChild,
            ConcernCategory.PhysicalAbuseAdultOnChild));

        Assert.Equal("CP-RED", r.WinningRuleId);
        Assert.Equal(["CP-RED", "CP-AMBER", "CP-TRIO"], r.FiredRules.Select(f => f.RuleId));
        Assert.Contains("of the 3 rules at that level, 2 have the most urgent RAG (red) and it is the first of them in the file", r.WhyWinner);
    }

    [Fact]
    public void A_rag_tie_below_a_single_higher_level_is_not_a_tie()
    {
        var r = Evaluate(Child(8, ConcernCategory.ParentingSupport, ConcernCategory.SchoolAbsence));

        Assert.Equal("EH-SCHOOL", r.WinningRuleId);
        Assert.Equal(Rag.Amber, r.Rag);
        Assert.EndsWith("of the 2 rules at that level it has the most urgent RAG (amber).", r.WhyWinner);
    }

    [Fact]
    public void With_no_rule_fired_the_default_applies()
    {
        var r = Evaluate(Child(8));

        Assert.Empty(r.FiredRules);
        Assert.Equal("", r.WinningRuleId);
        Assert.Equal(LevelOfNeed.Universal, r.Level);
        Assert.Equal(Pathway.NoFurtherAction, r.Pathway);
        Assert.Equal(NfaReason.AdviceAndSignposting, r.NfaReason);
        Assert.Equal(Rag.Green, r.Rag);
        Assert.Contains("No rule of test-levels v1 fired", r.WhyWinner);
        // Green: 3 working days from Thursday 10:00 end with Tuesday.
        Assert.Equal(London(2026, 5, 13, 0), r.DecisionDeadline.ToDateTimeOffset());
    }

    [Fact]
    public void An_auto_route_rule_routes_when_it_wins()
    {
        var child = Child(8);
        child.AlreadyOpen = true;
        child.OpenPathway = Pathway.ChildInNeed;
        var r = Evaluate(child, informationOnly: true);

        Assert.Equal("INFO-OPEN", r.WinningRuleId);
        Assert.True(r.AutoRoute);
        Assert.Equal(NfaReason.AlreadyOpenToService, r.NfaReason);
        Assert.True(r.FiredRules.Single().AutoRoute);
        Assert.Equal("INFO-OPEN is the only rule that fired (level 1, universal).", r.WhyWinner);
    }

    [Fact]
    public void An_auto_route_rule_that_does_not_win_routes_nothing()
    {
        var child = Child(8, ConcernCategory.Neglect);
        child.AlreadyOpen = true;
        var r = Evaluate(child, informationOnly: true);

        Assert.Equal("CIN-NEGLECT", r.WinningRuleId);
        Assert.False(r.AutoRoute);
        Assert.Equal(["CIN-NEGLECT", "INFO-OPEN"], r.FiredRules.Select(f => f.RuleId));
    }

    [Fact]
    public void A_child_outside_every_authority_is_transferred_keeping_level_and_rag()
    {
        var child = Child(8, ConcernCategory.SexualAbuseAdultOnChild);
        child.Postcode = "LS1 4AP";
        var r = Evaluate(child, ChildPlace.Outside);

        Assert.Equal(LevelOfNeed.Acute, r.Level);
        Assert.Equal(Rag.Red, r.Rag);
        Assert.Equal(Pathway.NoFurtherAction, r.Pathway);
        Assert.Equal(NfaReason.TransferToOtherLocalAuthority, r.NfaReason);
        Assert.Equal("CP-RED", r.WinningRuleId);
        Assert.Contains("outside every authority Mash serves", r.WhyWinner);
        Assert.DoesNotContain("LS1", r.WhyWinner);
        Assert.Equal(Received.AddHours(4), r.DecisionDeadline.ToDateTimeOffset());
    }

    [Fact]
    public void A_transfer_never_routes_by_itself()
    {
        var child = Child(8);
        child.AlreadyOpen = true;
        var r = Evaluate(child, ChildPlace.Outside, informationOnly: true);

        Assert.Equal("INFO-OPEN", r.WinningRuleId);
        Assert.False(r.AutoRoute);
        Assert.Equal(NfaReason.TransferToOtherLocalAuthority, r.NfaReason);
    }

    [Fact]
    public void The_recommendation_carries_the_rule_set_s_allowances_for_the_later_clocks()
    {
        // The product's defaults where a rule set names none; an authority's own where it does.
        Assert.Equal(ClockAllowances.Defaults.OrderBy(a => a.Key), ClockAllowances.With(Evaluate(Child(8)).ClockAllowances).OrderBy(a => a.Key));
        var own = Load(Header.Replace("default:", """
            timeliness:
              child_seen: { working_days: 3 }
              lead_professional_allocated: { working_hours: 24 }
            default:
            """) + """
              - id: R1
                when: { concern: neglect }
                level: 3
                pathway: child_in_need
                rag: green
                reason: Neglect.
            """);
        var child = Child(8, ConcernCategory.Neglect);
        var given = ClockAllowances.With(ThresholdEngine.Evaluate(Contact(Received, child), child, Walsall, own, Calendar, Evaluated).ClockAllowances);
        Assert.Equal((new Allowance(WorkingDays: 3), new Allowance(WorkingHours: 24), new Allowance(WorkingDays: 45)),
            (given[ClockKind.ChildSeen], given[ClockKind.LeadProfessionalAllocated], given[ClockKind.AssessmentCompleted]));
    }

    [Fact]
    public void A_red_deadline_is_four_elapsed_hours_from_receipt() =>
        Assert.Equal(Received.AddHours(4), Evaluate(Child(8, ConcernCategory.SexualAbuseAdultOnChild)).DecisionDeadline.ToDateTimeOffset());

    [Fact]
    public void An_amber_deadline_is_one_working_day() =>
        Assert.Equal(London(2026, 5, 9, 0), Evaluate(Child(8, ConcernCategory.SchoolAbsence)).DecisionDeadline.ToDateTimeOffset());

    [Fact]
    public void A_referral_decision_is_capped_at_one_working_day()
    {
        // Green would allow 3 working days; a child in need referral may wait 1.
        var r = Evaluate(Child(8, ConcernCategory.Neglect));
        Assert.Equal(Rag.Green, r.Rag);
        Assert.Equal(London(2026, 5, 9, 0), r.DecisionDeadline.ToDateTimeOffset());
        // Early help is not a referral: green keeps its 3 working days (Monday 11 May is no holiday; the end of Tuesday 12).
        Assert.Equal(London(2026, 5, 13, 0), Evaluate(Child(8, ConcernCategory.ParentingSupport)).DecisionDeadline.ToDateTimeOffset());
    }

    [Fact]
    public void Without_a_receipt_time_the_clock_starts_at_evaluation()
    {
        var child = Child(8, ConcernCategory.SexualAbuseAdultOnChild);
        var contact = Contact(Received, child);
        contact.ReceivedAt = null;
        var r = ThresholdEngine.Evaluate(contact, child, Walsall, Rules, Calendar, Evaluated);
        Assert.Equal(Evaluated.AddHours(4), r.DecisionDeadline.ToDateTimeOffset());
    }

    [Fact]
    public void The_same_inputs_give_the_same_recommendation()
    {
        var child = Child(3, ConcernCategory.Neglect, ConcernCategory.DomesticAbuse);
        Assert.Equal(Evaluate(child), Evaluate(child));
    }
}
