using Mash.Contracts.Common.V1;
using Mash.Contracts.Thresholds.V1;

namespace Mash.Thresholds.Domain.Decisions;

/// <summary>A child as the decision rules see it: the current recommendation, the contact's withdrawal, every decision so far.</summary>
public sealed record ChildDecisions(Recommendation Current, bool Withdrawn, IReadOnlyList<Decision> Decisions)
{
    public Decision? Find(string decisionId) => Decisions.FirstOrDefault(d => d.DecisionId == decisionId);

    public Decision? AwaitingCountersignature => Decisions.FirstOrDefault(d => d.State == DecisionState.AwaitingCountersignature);

    /// <summary>The decision in effect that routed the child, if any.</summary>
    public Decision? Routed => Decisions.LastOrDefault(d => d.State == DecisionState.InEffect && DecisionRules.Routes(d));

    /// <summary>An initial decision in effect (screening required: the child waits for checks).</summary>
    public Decision? InitialInEffect => Decisions.LastOrDefault(d => d.State == DecisionState.InEffect && d.Stage == DecisionStage.Initial);
}

/// <summary>What recording a decision does.</summary>
public sealed record DecisionEffect(
    Pathway Pathway,
    NfaReason NfaReason,
    LevelOfNeed Level,
    Rag Rag,
    bool OverridesRecommendation,
    DecisionState State,
    bool Routes,
    ChildStatus ChildStatus,
    IReadOnlyList<string> Supersedes);

/// <summary>What a manager's countersignature does.</summary>
public sealed record CountersignEffect(DecisionState State, bool Routes, ChildStatus ChildStatus, IReadOnlyList<string> Supersedes);
