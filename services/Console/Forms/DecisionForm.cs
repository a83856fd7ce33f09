using Mash.Contracts.Common.V1;
using Mash.Contracts.Thresholds.V1;

namespace Mash.Console.Forms;

/// <summary>
/// A screener's decision on one child as posted. The form shows every field; only those that belong to
/// the chosen stage and outcome are sent, so a pathway left selected under "screening required" is not
/// held against the screener. Whether a rationale is needed is the service's call (it knows the
/// recommendation it checks against).
/// </summary>
public sealed class DecisionForm
{
    public string ChildId { get; set; } = "";
    public string RecommendationId { get; set; } = "";
    public DecisionStage Stage { get; set; }
    public InitialDecisionOutcome InitialOutcome { get; set; }
    public Pathway Pathway { get; set; }
    public NfaReason NfaReason { get; set; }
    /// <summary>Unspecified keeps the recommended RAG.</summary>
    public Rag Rag { get; set; }
    public string Rationale { get; set; } = "";
    public string ReferrerFeedback { get; set; } = "";

    public RecordDecisionRequest ToRequest(string contactId)
    {
        var request = new RecordDecisionRequest
        {
            ContactId = contactId, ChildId = ChildId, Stage = Stage, RecommendationId = RecommendationId, Rag = Rag,
            Rationale = Rationale.Trim(), ReferrerFeedback = ReferrerFeedback.Trim(),
        };
        if (Stage == DecisionStage.Initial)
        {
            request.InitialOutcome = InitialOutcome;
            if (InitialOutcome == InitialDecisionOutcome.StraightToAllocation) request.Pathway = Pathway;
            if (InitialOutcome == InitialDecisionOutcome.NoFurtherAction) request.NfaReason = NfaReason;
        }
        else
        {
            request.Pathway = Pathway;
            if (Pathway == Pathway.NoFurtherAction) request.NfaReason = NfaReason;
        }
        return request;
    }

    /// <summary>The form as first shown: the recommendation's pathway, NFA reason and the stage the child is at.</summary>
    public static DecisionForm For(string childId, Recommendation recommendation, bool initialInEffect) => new()
    {
        ChildId = childId,
        RecommendationId = recommendation.RecommendationId,
        Stage = initialInEffect ? DecisionStage.Final : DecisionStage.Initial,
        InitialOutcome = recommendation.Pathway == Pathway.NoFurtherAction ? InitialDecisionOutcome.NoFurtherAction : InitialDecisionOutcome.StraightToAllocation,
        Pathway = recommendation.Pathway,
        NfaReason = recommendation.NfaReason,
    };
}
