using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Thresholds.Domain.Decisions;
using Xunit;

namespace Mash.Thresholds.Tests.Decisions;

/// <summary>The rules of deciding (initial and final decisions, overrides, countersignature, corrections) as a pure function.</summary>
public sealed class DecisionRulesTests
{
    const string RecommendationId = "rec-1";

    static Recommendation Recommended(Pathway pathway, Rag rag, LevelOfNeed? level = null, NfaReason nfa = NfaReason.Unspecified) => new()
    {
        RecommendationId = RecommendationId,
        Pathway = pathway,
        Rag = rag,
        Level = level ?? DecisionRules.LevelOf(pathway),
        NfaReason = nfa,
    };

    static ChildDecisions Child(Recommendation current, bool withdrawn = false, params Decision[] decisions) => new(current, withdrawn, decisions);

    static RecordDecisionRequest Initial(InitialDecisionOutcome outcome, Pathway pathway = Pathway.Unspecified, NfaReason nfa = NfaReason.Unspecified) => new()
    {
        Stage = DecisionStage.Initial, InitialOutcome = outcome, Pathway = pathway, NfaReason = nfa, RecommendationId = RecommendationId,
    };

    static RecordDecisionRequest Final(Pathway pathway, NfaReason nfa = NfaReason.Unspecified, string rationale = "") => new()
    {
        Stage = DecisionStage.Final, Pathway = pathway, NfaReason = nfa, RecommendationId = RecommendationId, Rationale = rationale,
    };

    static Decision Existing(string id, DecisionStage stage, DecisionState state, InitialDecisionOutcome outcome = InitialDecisionOutcome.Unspecified,
        Pathway pathway = Pathway.Unspecified, string decidedBy = "screener-1") => new()
    {
        DecisionId = id, Stage = stage, State = state, InitialOutcome = outcome, Pathway = pathway,
        DecidedBy = new Actor { Subject = decidedBy, Role = Role.Screener }, DecidedAt = Timestamp.FromDateTime(DateTime.UtcNow),
    };

    static IEnumerable<string> Fields<T>(Ruling<T> ruling) where T : class
    {
        Assert.NotNull(ruling.Refusal);
        Assert.Equal(RefusalKind.InvalidArgument, ruling.Refusal.Kind);
        return ruling.Refusal.Violations.Select(v => v.Field);
    }

    static Refusal Refused<T>(Ruling<T> ruling, RefusalKind kind) where T : class
    {
        Assert.NotNull(ruling.Refusal);
        Assert.Equal(kind, ruling.Refusal.Kind);
        return ruling.Refusal;
    }

    [Fact]
    public void An_initial_decision_needs_its_outcome()
    {
        var ruling = DecisionRules.Record(Initial(InitialDecisionOutcome.Unspecified), Child(Recommended(Pathway.EarlyHelp, Rag.Amber)));
        Assert.Contains("initial_outcome", Fields(ruling));
    }

    [Fact]
    public void A_decision_needs_a_stage_and_the_recommendation_it_was_made_on()
    {
        var ruling = DecisionRules.Record(new RecordDecisionRequest(), Child(Recommended(Pathway.EarlyHelp, Rag.Amber)));
        Assert.Equal(["recommendation_id", "stage"], Fields(ruling).Order());
    }

    [Fact]
    public void Screening_required_sends_the_child_to_checks_and_routes_nowhere()
    {
        var effect = DecisionRules.Record(Initial(InitialDecisionOutcome.ScreeningRequired), Child(Recommended(Pathway.ChildInNeed, Rag.Amber))).Effect;

        Assert.NotNull(effect);
        Assert.Equal((DecisionState.InEffect, false, ChildStatus.AwaitingChecks, Pathway.Unspecified, false),
            (effect.State, effect.Routes, effect.ChildStatus, effect.Pathway, effect.OverridesRecommendation));
    }

    [Theory]
    [InlineData(Pathway.Unspecified)]
    [InlineData(Pathway.NoFurtherAction)]
    public void Straight_to_allocation_needs_early_help_child_in_need_or_child_protection(Pathway pathway)
    {
        var ruling = DecisionRules.Record(Initial(InitialDecisionOutcome.StraightToAllocation, pathway), Child(Recommended(Pathway.ChildInNeed, Rag.Amber)));
        Assert.Contains("pathway", Fields(ruling));
    }

    [Fact]
    public void Straight_to_allocation_on_the_recommended_pathway_routes_without_a_rationale()
    {
        var effect = DecisionRules.Record(Initial(InitialDecisionOutcome.StraightToAllocation, Pathway.ChildInNeed), Child(Recommended(Pathway.ChildInNeed, Rag.Amber))).Effect;

        Assert.NotNull(effect);
        Assert.Equal((DecisionState.InEffect, true, ChildStatus.Routed, Pathway.ChildInNeed, LevelOfNeed.Complex, false),
            (effect.State, effect.Routes, effect.ChildStatus, effect.Pathway, effect.Level, effect.OverridesRecommendation));
    }

    [Fact]
    public void An_initial_no_further_action_needs_a_reason_and_routes_NFA()
    {
        var recommendation = Recommended(Pathway.NoFurtherAction, Rag.Green, nfa: NfaReason.AdviceAndSignposting);
        Assert.Contains("nfa_reason", Fields(DecisionRules.Record(Initial(InitialDecisionOutcome.NoFurtherAction), Child(recommendation))));

        var effect = DecisionRules.Record(Initial(InitialDecisionOutcome.NoFurtherAction, nfa: NfaReason.AdviceAndSignposting), Child(recommendation)).Effect;
        Assert.NotNull(effect);
        Assert.Equal((true, Pathway.NoFurtherAction, NfaReason.AdviceAndSignposting, false), (effect.Routes, effect.Pathway, effect.NfaReason, effect.OverridesRecommendation));
    }

    [Fact]
    public void A_final_decision_needs_a_pathway_and_an_NFA_reason_only_with_NFA()
    {
        var child = Child(Recommended(Pathway.EarlyHelp, Rag.Amber));
        Assert.Contains("pathway", Fields(DecisionRules.Record(Final(Pathway.Unspecified), child)));
        Assert.Contains("nfa_reason", Fields(DecisionRules.Record(Final(Pathway.NoFurtherAction, rationale: "Needs met by school."), child)));
        Assert.Contains("nfa_reason", Fields(DecisionRules.Record(Final(Pathway.EarlyHelp, NfaReason.InformationOnly), child)));
    }

    [Fact]
    public void A_different_pathway_needs_a_rationale_and_is_marked_as_an_override()
    {
        var child = Child(Recommended(Pathway.EarlyHelp, Rag.Amber));
        Assert.Equal(["rationale"], Fields(DecisionRules.Record(Final(Pathway.ChildInNeed), child)));

        var effect = DecisionRules.Record(Final(Pathway.ChildInNeed, rationale: "Checks show long-standing neglect."), child).Effect;
        Assert.NotNull(effect);
        Assert.Equal((true, LevelOfNeed.Complex), (effect.OverridesRecommendation, effect.Level));
    }

    [Fact]
    public void A_different_RAG_alone_is_an_override_too()
    {
        var request = Final(Pathway.EarlyHelp);
        request.Rag = Rag.Red;
        Assert.Equal(["rationale"], Fields(DecisionRules.Record(request, Child(Recommended(Pathway.EarlyHelp, Rag.Amber)))));

        request.Rag = Rag.Amber;
        var effect = DecisionRules.Record(request, Child(Recommended(Pathway.EarlyHelp, Rag.Amber))).Effect;
        Assert.NotNull(effect);
        Assert.False(effect.OverridesRecommendation);
    }

    [Theory]
    [InlineData(Pathway.ChildProtection, Rag.Amber)]
    [InlineData(Pathway.ChildInNeed, Rag.Red)]
    public void A_red_or_child_protection_recommendation_stepped_down_to_NFA_waits_for_a_countersignature(Pathway pathway, Rag rag)
    {
        var effect = DecisionRules.Record(Final(Pathway.NoFurtherAction, NfaReason.AdviceAndSignposting, "Parent has left; risk removed."),
            Child(Recommended(pathway, rag))).Effect;

        Assert.NotNull(effect);
        Assert.Equal((DecisionState.AwaitingCountersignature, false, ChildStatus.AwaitingDecision), (effect.State, effect.Routes, effect.ChildStatus));
    }

    [Fact]
    public void An_amber_child_in_need_recommendation_closed_NFA_needs_no_countersignature()
    {
        var effect = DecisionRules.Record(Final(Pathway.NoFurtherAction, NfaReason.AdviceAndSignposting, "Family moved; advice given."),
            Child(Recommended(Pathway.ChildInNeed, Rag.Amber))).Effect;

        Assert.NotNull(effect);
        Assert.Equal((DecisionState.InEffect, true), (effect.State, effect.Routes));
    }

    [Fact]
    public void Agreeing_with_a_red_transfer_recommendation_is_no_step_down()
    {
        // Outside every authority: NFA / transfer keeping the hub's level and RAG.
        var transfer = Recommended(Pathway.NoFurtherAction, Rag.Red, LevelOfNeed.Acute, NfaReason.TransferToOtherLocalAuthority);
        var effect = DecisionRules.Record(Final(Pathway.NoFurtherAction, NfaReason.TransferToOtherLocalAuthority), Child(transfer)).Effect;

        Assert.NotNull(effect);
        Assert.Equal((DecisionState.InEffect, true, false, LevelOfNeed.Acute), (effect.State, effect.Routes, effect.OverridesRecommendation, effect.Level));
    }

    [Fact]
    public void A_decision_on_a_stale_recommendation_is_refused()
    {
        var request = Final(Pathway.EarlyHelp);
        request.RecommendationId = "rec-0";
        var refusal = Refused(DecisionRules.Record(request, Child(Recommended(Pathway.EarlyHelp, Rag.Amber))), RefusalKind.FailedPrecondition);
        Assert.Contains("re-run since", refusal.Message);
    }

    [Fact]
    public void A_stale_recommendation_is_reported_before_a_missing_rationale()
    {
        // The screener agreed with what they saw (early help); the re-run now says child in need.
        var request = Final(Pathway.EarlyHelp);
        request.RecommendationId = "rec-0";
        Refused(DecisionRules.Record(request, Child(Recommended(Pathway.ChildInNeed, Rag.Amber))), RefusalKind.FailedPrecondition);
    }

    [Fact]
    public void A_decision_on_a_withdrawn_contact_is_refused()
    {
        var refusal = Refused(DecisionRules.Record(Final(Pathway.EarlyHelp), Child(Recommended(Pathway.EarlyHelp, Rag.Amber), withdrawn: true)), RefusalKind.FailedPrecondition);
        Assert.Contains("withdrawn", refusal.Message);
    }

    [Fact]
    public void The_final_decision_after_screening_supersedes_the_initial_one()
    {
        var screening = Existing("d-1", DecisionStage.Initial, DecisionState.InEffect, InitialDecisionOutcome.ScreeningRequired);
        var effect = DecisionRules.Record(Final(Pathway.EarlyHelp), Child(Recommended(Pathway.EarlyHelp, Rag.Amber), false, screening)).Effect;

        Assert.NotNull(effect);
        Assert.Equal((true, ChildStatus.Routed), (effect.Routes, effect.ChildStatus));
        Assert.Equal(["d-1"], effect.Supersedes);
    }

    [Fact]
    public void A_second_initial_decision_is_refused_while_one_is_in_effect()
    {
        var screening = Existing("d-1", DecisionStage.Initial, DecisionState.InEffect, InitialDecisionOutcome.ScreeningRequired);
        Refused(DecisionRules.Record(Initial(InitialDecisionOutcome.ScreeningRequired), Child(Recommended(Pathway.EarlyHelp, Rag.Amber), false, screening)),
            RefusalKind.FailedPrecondition);
    }

    [Fact]
    public void A_routed_child_takes_no_other_decision_but_a_correction_which_supersedes()
    {
        var routed = Existing("d-1", DecisionStage.Final, DecisionState.InEffect, pathway: Pathway.EarlyHelp);
        var child = Child(Recommended(Pathway.EarlyHelp, Rag.Amber), false, routed);
        var refusal = Refused(DecisionRules.Record(Final(Pathway.EarlyHelp), child), RefusalKind.FailedPrecondition);
        Assert.Contains("correction", refusal.Message);

        var correction = Final(Pathway.ChildInNeed, rationale: "The health visitor's check was misread.");
        correction.SupersedesDecisionId = "d-1";
        Assert.Equal(["correction_reason"], Fields(DecisionRules.Record(correction, child)));

        correction.CorrectionReason = "Wrong pathway recorded.";
        var effect = DecisionRules.Record(correction, child).Effect;
        Assert.NotNull(effect);
        Assert.Equal((true, ChildStatus.Routed), (effect.Routes, effect.ChildStatus));
        Assert.Equal(["d-1"], effect.Supersedes);
    }

    [Fact]
    public void A_correction_reason_without_the_decision_it_corrects_is_refused()
    {
        var request = Final(Pathway.EarlyHelp);
        request.CorrectionReason = "Wrong pathway.";
        Assert.Equal(["supersedes_decision_id"], Fields(DecisionRules.Record(request, Child(Recommended(Pathway.EarlyHelp, Rag.Amber)))));

        request.SupersedesDecisionId = "no-such-decision";
        Assert.Equal(["supersedes_decision_id"], Fields(DecisionRules.Record(request, Child(Recommended(Pathway.EarlyHelp, Rag.Amber)))));
    }

    [Fact]
    public void A_superseded_decision_cannot_be_corrected_again()
    {
        var old = Existing("d-1", DecisionStage.Final, DecisionState.Superseded, pathway: Pathway.EarlyHelp);
        var current = Existing("d-2", DecisionStage.Final, DecisionState.InEffect, pathway: Pathway.EarlyHelp);
        var request = Final(Pathway.EarlyHelp);
        (request.SupersedesDecisionId, request.CorrectionReason) = ("d-1", "Typo.");
        Refused(DecisionRules.Record(request, Child(Recommended(Pathway.EarlyHelp, Rag.Amber), false, old, current)), RefusalKind.FailedPrecondition);
    }

    [Fact]
    public void Nothing_else_is_decided_while_a_decision_waits_for_countersignature()
    {
        var waiting = Existing("d-1", DecisionStage.Final, DecisionState.AwaitingCountersignature, pathway: Pathway.NoFurtherAction);
        var refusal = Refused(DecisionRules.Record(Final(Pathway.ChildProtection), Child(Recommended(Pathway.ChildProtection, Rag.Red), false, waiting)),
            RefusalKind.FailedPrecondition);
        Assert.Contains("countersignature", refusal.Message);
    }

    [Fact]
    public void The_decider_cannot_countersign_their_own_decision()
    {
        var waiting = Existing("d-1", DecisionStage.Final, DecisionState.AwaitingCountersignature, pathway: Pathway.NoFurtherAction, decidedBy: "manager-1");
        var child = Child(Recommended(Pathway.ChildProtection, Rag.Red), false, waiting);

        Refused(DecisionRules.Countersign(waiting, child, new Actor { Subject = "manager-1", Role = Role.Manager }, approve: true, ""), RefusalKind.PermissionDenied);

        var effect = DecisionRules.Countersign(waiting, child, new Actor { Subject = "manager-2", Role = Role.Manager }, approve: true, "").Effect;
        Assert.NotNull(effect);
        Assert.Equal((DecisionState.InEffect, true, ChildStatus.Routed), (effect.State, effect.Routes, effect.ChildStatus));
    }

    [Fact]
    public void A_refusal_needs_a_comment_and_leaves_the_child_waiting_for_a_new_decision()
    {
        var waiting = Existing("d-1", DecisionStage.Initial, DecisionState.AwaitingCountersignature, InitialDecisionOutcome.NoFurtherAction, Pathway.NoFurtherAction);
        var child = Child(Recommended(Pathway.ChildProtection, Rag.Red), false, waiting);
        var manager = new Actor { Subject = "manager-2", Role = Role.Manager };

        Assert.Equal(["comment"], Fields(DecisionRules.Countersign(waiting, child, manager, approve: false, "  ")));
        var effect = DecisionRules.Countersign(waiting, child, manager, approve: false, "Disclosure not yet explored.").Effect;
        Assert.NotNull(effect);
        Assert.Equal((DecisionState.CountersignatureRefused, false, ChildStatus.AwaitingDecision), (effect.State, effect.Routes, effect.ChildStatus));

        // The refused decision never took effect: a new initial decision may be made.
        waiting.State = DecisionState.CountersignatureRefused;
        Assert.True(DecisionRules.Record(Initial(InitialDecisionOutcome.ScreeningRequired), child).Allowed);
    }

    [Fact]
    public void Only_a_decision_awaiting_countersignature_can_be_countersigned()
    {
        var inEffect = Existing("d-1", DecisionStage.Final, DecisionState.InEffect, pathway: Pathway.EarlyHelp);
        Refused(DecisionRules.Countersign(inEffect, Child(Recommended(Pathway.EarlyHelp, Rag.Amber), false, inEffect),
            new Actor { Subject = "manager-2", Role = Role.Manager }, approve: true, ""), RefusalKind.FailedPrecondition);
    }
}
