using Mash.Contracts.Common.V1;
using Mash.Contracts.Thresholds.V1;

namespace Mash.Thresholds.Domain.Decisions;

/// <summary>
/// The rules of deciding, as a working MASH records them: an initial decision (screening required,
/// straight to allocation, or NFA), then a final decision; a rationale whenever the decision differs
/// from the recommendation; a manager's countersignature before a red or child-protection
/// recommendation stepped down to NFA takes effect; corrections as new decisions that supersede.
/// Pure: the caller loads the child and applies the effect.
/// </summary>
public static class DecisionRules
{
    public const int MaxRationale = 4000;
    public const int MaxReferrerFeedback = 500;
    public const int MaxCorrectionReason = 1000;
    public const int MaxComment = 2000;

    public static Ruling<DecisionEffect> Record(RecordDecisionRequest request, ChildDecisions child)
    {
        var current = child.Current;
        var pathway = DecidedPathway(request);
        var rag = request.Rag == Rag.Unspecified ? current.Rag : request.Rag;
        var overrides = (pathway != Pathway.Unspecified && pathway != current.Pathway) || rag != current.Rag;
        var correcting = request.SupersedesDecisionId.Length > 0 ? child.Find(request.SupersedesDecisionId) : null;

        var violations = Validate(request, correcting);
        if (violations.Count > 0) return Refusal.Invalid(violations);

        if (child.Withdrawn)
            return Refusal.Precondition("The contact was withdrawn: no decision can be recorded on it");
        // Before the rationale: whether the decision differs is judged against what the screener saw.
        if (request.RecommendationId != current.RecommendationId)
            return Refusal.Precondition(
                $"The rules have re-run since: recommendation {current.RecommendationId} replaces {request.RecommendationId}; look at it and decide again");
        if (overrides && request.Rationale.Trim().Length == 0)
            return Refusal.Invalid([new("rationale", "is required: the decision differs from the recommendation (pathway, level or RAG); say why")]);

        if (correcting is not null)
        {
            if (correcting.State is not (DecisionState.InEffect or DecisionState.AwaitingCountersignature))
                return Refusal.Precondition($"Decision {correcting.DecisionId} is {Describe(correcting.State)}: only a decision in effect or awaiting countersignature can be corrected");
        }
        else
        {
            if (child.AwaitingCountersignature is { } waiting)
                return Refusal.Precondition($"Decision {waiting.DecisionId} waits for a manager's countersignature: wait for it, or correct that decision");
            if (child.Routed is { } routed)
                return Refusal.Precondition($"The child has been routed by decision {routed.DecisionId}: only a correction (supersedes_decision_id) can change it");
            if (request.Stage == DecisionStage.Initial && child.InitialInEffect is { } initial)
                return Refusal.Precondition($"Initial decision {initial.DecisionId} is in effect: record the final decision, or correct the initial one");
        }

        var level = DecidedLevel(current, pathway);
        var nfaReason = pathway == Pathway.NoFurtherAction ? request.NfaReason : NfaReason.Unspecified;
        if (pathway == Pathway.Unspecified)
            return new DecisionEffect(pathway, nfaReason, level, rag, overrides, DecisionState.InEffect, Routes: false,
                ChildStatus.AwaitingChecks, Superseding(correcting?.DecisionId, request.Stage, child));
        if (NeedsCountersignature(current, pathway))
        {
            // A decision that never took effect is replaced at once; one in effect stands until the manager approves.
            IReadOnlyList<string> replaced = correcting?.State == DecisionState.AwaitingCountersignature ? [correcting.DecisionId] : [];
            return new DecisionEffect(pathway, nfaReason, level, rag, overrides, DecisionState.AwaitingCountersignature, Routes: false,
                child.Routed is null ? ChildStatus.AwaitingDecision : ChildStatus.Routed, replaced);
        }
        return new DecisionEffect(pathway, nfaReason, level, rag, overrides, DecisionState.InEffect, Routes: true,
            ChildStatus.Routed, Superseding(correcting?.DecisionId, request.Stage, child));
    }

    public static Ruling<CountersignEffect> Countersign(Decision decision, ChildDecisions child, Actor countersigner, bool approve, string comment)
    {
        var text = comment.Trim();
        var violations = new List<FieldViolation>();
        if (!approve && text.Length == 0) violations.Add(new("comment", "is required when refusing: say why the decision cannot stand"));
        if (text.Length > MaxComment) violations.Add(new("comment", $"at most {MaxComment} characters"));
        if (violations.Count > 0) return Refusal.Invalid(violations);

        if (decision.State != DecisionState.AwaitingCountersignature)
            return Refusal.Precondition($"Decision {decision.DecisionId} is {Describe(decision.State)}: only a decision awaiting countersignature can be countersigned");
        if (countersigner.Subject.Length == 0 || countersigner.Subject == decision.DecidedBy.Subject)
            return Refusal.Denied("A decision is countersigned by a manager other than the person who made it");
        if (child.Withdrawn)
            return Refusal.Precondition("The contact was withdrawn: the decision can no longer take effect");

        if (!approve)
            return new CountersignEffect(DecisionState.CountersignatureRefused, Routes: false,
                child.Routed is null ? ChildStatus.AwaitingDecision : ChildStatus.Routed, []);
        var correcting = decision.SupersedesDecisionId.Length > 0 ? decision.SupersedesDecisionId : null;
        return new CountersignEffect(DecisionState.InEffect, Routes: true, ChildStatus.Routed, Superseding(correcting, decision.Stage, child));
    }

    /// <summary>A red or child-protection recommendation stepped down to no further action waits for a manager.</summary>
    public static bool NeedsCountersignature(Recommendation recommendation, Pathway decided) =>
        decided == Pathway.NoFurtherAction
        && recommendation.Pathway != Pathway.NoFurtherAction
        && (recommendation.Rag == Rag.Red || recommendation.Pathway == Pathway.ChildProtection);

    /// <summary>Whether a decision sends the child somewhere (every decision but screening required).</summary>
    public static bool Routes(Decision decision) =>
        decision.Stage == DecisionStage.Final
        || decision.InitialOutcome is InitialDecisionOutcome.StraightToAllocation or InitialDecisionOutcome.NoFurtherAction;

    /// <summary>
    /// The level of a decision: the recommendation's when the pathway agrees with it (an NFA transfer
    /// keeps the level the hub's rules gave), otherwise the level the chosen pathway stands for.
    /// </summary>
    public static LevelOfNeed DecidedLevel(Recommendation recommendation, Pathway decided) =>
        decided == Pathway.Unspecified || decided == recommendation.Pathway ? recommendation.Level : LevelOf(decided);

    /// <summary>The level a pathway stands for (README of seeds/thresholds: level and pathway match).</summary>
    public static LevelOfNeed LevelOf(Pathway pathway) => pathway switch
    {
        Pathway.NoFurtherAction => LevelOfNeed.Universal,
        Pathway.EarlyHelp => LevelOfNeed.EarlyHelp,
        Pathway.ChildInNeed => LevelOfNeed.Complex,
        Pathway.ChildProtection => LevelOfNeed.Acute,
        _ => LevelOfNeed.Unspecified,
    };

    /// <summary>Where the decision sends the child; unspecified for screening required.</summary>
    public static Pathway DecidedPathway(RecordDecisionRequest request) => request.Stage switch
    {
        DecisionStage.Initial => request.InitialOutcome switch
        {
            InitialDecisionOutcome.StraightToAllocation => request.Pathway,
            InitialDecisionOutcome.NoFurtherAction => Pathway.NoFurtherAction,
            _ => Pathway.Unspecified,
        },
        DecisionStage.Final => request.Pathway,
        _ => Pathway.Unspecified,
    };

    static List<FieldViolation> Validate(RecordDecisionRequest request, Decision? correcting)
    {
        var violations = new List<FieldViolation>();
        void Add(string field, string description) => violations.Add(new(field, description));

        if (request.RecommendationId.Length == 0) Add("recommendation_id", "is required: the recommendation you decided on");
        if (!Enum.IsDefined(request.Rag)) Add("rag", "is not a RAG rating");
        if (!Enum.IsDefined(request.Pathway)) Add("pathway", "is not a pathway");
        if (!Enum.IsDefined(request.NfaReason)) Add("nfa_reason", "is not an NFA reason");

        switch (request.Stage)
        {
            case DecisionStage.Initial:
                switch (request.InitialOutcome)
                {
                    case InitialDecisionOutcome.ScreeningRequired:
                        if (request.Pathway != Pathway.Unspecified) Add("pathway", "leave unset: screening required routes nowhere until the final decision");
                        if (request.NfaReason != NfaReason.Unspecified) Add("nfa_reason", "leave unset: screening required is not no further action");
                        break;
                    case InitialDecisionOutcome.StraightToAllocation:
                        if (request.Pathway is not (Pathway.EarlyHelp or Pathway.ChildInNeed or Pathway.ChildProtection))
                            Add("pathway", "is required for straight to allocation: early help, child in need or child protection");
                        if (request.NfaReason != NfaReason.Unspecified) Add("nfa_reason", "is only for no further action");
                        break;
                    case InitialDecisionOutcome.NoFurtherAction:
                        if (request.Pathway is not (Pathway.Unspecified or Pathway.NoFurtherAction))
                            Add("pathway", "must be no further action (or unset) for an initial decision of no further action");
                        if (request.NfaReason == NfaReason.Unspecified) Add("nfa_reason", "is required for no further action");
                        break;
                    default:
                        Add("initial_outcome", "is required for an initial decision: screening required, straight to allocation or no further action");
                        break;
                }
                break;
            case DecisionStage.Final:
                if (request.InitialOutcome != InitialDecisionOutcome.Unspecified) Add("initial_outcome", "is only for an initial decision");
                if (request.Pathway == Pathway.Unspecified) Add("pathway", "is required for a final decision");
                else if (request.Pathway == Pathway.NoFurtherAction && request.NfaReason == NfaReason.Unspecified) Add("nfa_reason", "is required for no further action");
                else if (request.Pathway != Pathway.NoFurtherAction && request.NfaReason != NfaReason.Unspecified) Add("nfa_reason", "is only for no further action");
                break;
            default:
                Add("stage", "is required: initial or final");
                break;
        }

        if (request.Rationale.Trim().Length > MaxRationale) Add("rationale", $"at most {MaxRationale} characters");
        if (request.ReferrerFeedback.Trim().Length > MaxReferrerFeedback) Add("referrer_feedback", $"at most {MaxReferrerFeedback} characters");

        var supersedes = request.SupersedesDecisionId.Length > 0;
        var reason = request.CorrectionReason.Trim();
        if (supersedes && reason.Length == 0) Add("correction_reason", "is required with supersedes_decision_id: say what was wrong");
        if (!supersedes && reason.Length > 0) Add("supersedes_decision_id", "is required with correction_reason: name the decision you correct");
        if (reason.Length > MaxCorrectionReason) Add("correction_reason", $"at most {MaxCorrectionReason} characters");
        if (supersedes && correcting is null) Add("supersedes_decision_id", "is not a decision on this child");
        if (correcting is not null && correcting.Stage != request.Stage && request.Stage != DecisionStage.Unspecified)
            Add("stage", $"a correction keeps the stage of the decision it corrects ({correcting.Stage})");
        return violations;
    }

    /// <summary>What a decision that takes effect now replaces: the decision it corrects, and a final decision the initial one in effect.</summary>
    static List<string> Superseding(string? correcting, DecisionStage stage, ChildDecisions child)
    {
        var replaced = new List<string>();
        if (correcting is not null) replaced.Add(correcting);
        if (stage == DecisionStage.Final && child.InitialInEffect is { } initial && !replaced.Contains(initial.DecisionId))
            replaced.Add(initial.DecisionId);
        return replaced;
    }

    static string Describe(DecisionState state) => state switch
    {
        DecisionState.InEffect => "in effect",
        DecisionState.AwaitingCountersignature => "awaiting countersignature",
        DecisionState.CountersignatureRefused => "refused at countersignature",
        DecisionState.Superseded => "superseded",
        _ => "in no known state",
    };
}
