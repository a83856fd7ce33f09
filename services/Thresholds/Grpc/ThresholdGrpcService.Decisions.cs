using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.BuildingBlocks.Grpc;
using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Thresholds.Data;
using Mash.Thresholds.Domain.Decisions;
using Microsoft.EntityFrameworkCore;

namespace Mash.Thresholds.Grpc;

/// <summary>
/// RecordDecision and CountersignDecision. The rules are <see cref="DecisionRules"/>; here the child is
/// loaded under a row lock (one decision at a time per child), the effect applied and announced.
/// </summary>
public sealed partial class ThresholdGrpcService
{
    public override async Task<RecordDecisionResponse> RecordDecision(RecordDecisionRequest request, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        var (contactId, childId) = ParseChild(request.ContactId, request.ChildId);
        var cancellationToken = context.CancellationToken;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var item = await db.LockItemAsync(contactId, childId, cancellationToken);
        if (item is null || !StaffSees(caller, item))
            throw RpcErrors.NotFound($"Child {request.ChildId} of contact {request.ContactId}");
        var (records, child, siblings) = await LoadDecisionsAsync(item, cancellationToken);

        var ruling = DecisionRules.Record(request, child);
        if (ruling.Refusal is { } refusal) throw ToRpc(refusal);
        var effect = ruling.Effect!;

        var now = clock.GetUtcNow();
        var decision = new Decision
        {
            DecisionId = Guid.CreateVersion7(now).ToString(),
            ContactId = request.ContactId,
            ChildId = request.ChildId,
            Stage = request.Stage,
            InitialOutcome = request.Stage == DecisionStage.Initial ? request.InitialOutcome : InitialDecisionOutcome.Unspecified,
            Pathway = effect.Pathway,
            NfaReason = effect.NfaReason,
            Rag = effect.Rag,
            Rationale = request.Rationale.Trim(),
            OverridesRecommendation = effect.OverridesRecommendation,
            Recommendation = child.Current,
            ReferrerFeedback = request.ReferrerFeedback.Trim(),
            DecidedBy = caller,
            DecidedAt = Timestamp.FromDateTimeOffset(now),
            State = effect.State,
            SupersedesDecisionId = request.SupersedesDecisionId,
            CorrectionReason = request.CorrectionReason.Trim(),
        };
        Supersede(records, effect.Supersedes);
        item.Status = (int)effect.ChildStatus;
        if (effect.Routes) routing.RecordAndRoute(item, decision, caller, "", now, siblings);
        else routing.Record(item, decision, "", now);

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Decision {DecisionId} on contact {ContactId} child {ChildId}: {Stage} {Outcome} {Pathway}, {State}{Override}",
            decision.DecisionId, item.ContactId, item.ChildId, decision.Stage, decision.InitialOutcome, decision.Pathway, decision.State,
            decision.OverridesRecommendation ? ", overrides the recommendation" : "");
        return new RecordDecisionResponse { Decision = decision, AwaitingCountersignature = effect.State == DecisionState.AwaitingCountersignature };
    }

    public override async Task<CountersignDecisionResponse> CountersignDecision(CountersignDecisionRequest request, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        if (!Guid.TryParse(request.DecisionId, out var decisionId))
            throw RpcErrors.InvalidArgument([("decision_id", "must be a decision id (a UUID)")]);
        var cancellationToken = context.CancellationToken;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var keys = await db.Decisions.AsNoTracking().Where(d => d.Id == decisionId)
            .Select(d => new { d.ContactId, d.ChildId }).SingleOrDefaultAsync(cancellationToken);
        var item = keys is null ? null : await db.LockItemAsync(keys.ContactId, keys.ChildId, cancellationToken);
        if (item is null || !StaffSees(caller, item))
            throw RpcErrors.NotFound($"Decision {request.DecisionId}");
        var (records, child, siblings) = await LoadDecisionsAsync(item, cancellationToken);
        var record = records.Single(r => r.Id == decisionId);

        var ruling = DecisionRules.Countersign(record.ToMessage(), child, caller, request.Approve, request.Comment);
        if (ruling.Refusal is { } refusal) throw ToRpc(refusal);
        var effect = ruling.Effect!;

        var now = clock.GetUtcNow();
        record.State = (int)effect.State;
        record.Countersignature = new Countersignature
        {
            Approved = request.Approve,
            Comment = request.Comment.Trim(),
            CountersignedBy = caller,
            CountersignedAt = Timestamp.FromDateTimeOffset(now),
        }.ToByteArray();
        Supersede(records, effect.Supersedes);
        item.Status = (int)effect.ChildStatus;
        var decision = record.ToMessage();
        routing.Countersigned(item, decision, caller, now);
        if (effect.Routes) routing.Route(item, decision, caller, "", now, siblings);

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Decision {DecisionId} {Outcome} at countersignature", decision.DecisionId, request.Approve ? "approved" : "refused");
        return new CountersignDecisionResponse { Decision = decision };
    }

    /// <summary>
    /// The child's decisions (tracked: a new one may supersede them), and in one read its current
    /// recommendation and its siblings (for the routing event): one round trip fewer per decision.
    /// </summary>
    async Task<(List<DecisionRecord> Records, ChildDecisions Child, List<string> Siblings)> LoadDecisionsAsync(TriageItem item, CancellationToken cancellationToken)
    {
        if (item.CurrentRecommendationId is not { } currentId)
            throw RpcErrors.FailedPrecondition("The child has not been triaged yet: there is no recommendation to decide on");
        var read = await db.Database.SqlQuery<CurrentAndSiblings>($"""
            SELECT r.recommendation,
                   ARRAY(SELECT s.child_id::text FROM triage_items s WHERE s.contact_id = {item.ContactId} AND s.child_id <> {item.ChildId} ORDER BY s.child_index) AS siblings
              FROM recommendations r WHERE r.id = {currentId}
            """).SingleAsync(cancellationToken);
        var current = Recommendation.Parser.ParseFrom(read.Recommendation);
        var records = await db.DecisionsOfAsync(item, cancellationToken);
        return (records, new ChildDecisions(current, item.Withdrawn, records.Select(r => r.ToMessage()).ToList()), [.. read.Siblings]);
    }

    sealed record CurrentAndSiblings(byte[] Recommendation, string[] Siblings);

    static void Supersede(List<DecisionRecord> records, IEnumerable<string> decisionIds)
    {
        foreach (var id in decisionIds)
            records.Single(r => r.Id.ToString() == id).State = (int)DecisionState.Superseded;
    }
}
