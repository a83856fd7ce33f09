using Grpc.Core;
using Mash.BuildingBlocks.Grpc;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Thresholds.Data;
using Microsoft.EntityFrameworkCore;

namespace Mash.Thresholds.Grpc;

/// <summary>GetRecommendation: a child's current recommendation, every earlier one, and the decisions on it.</summary>
public sealed partial class ThresholdGrpcService
{
    public override async Task<GetRecommendationResponse> GetRecommendation(GetRecommendationRequest request, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        var (contactId, childId) = ParseChild(request.ContactId, request.ChildId);
        var item = await db.TriageItems.AsNoTracking().SingleOrDefaultAsync(t => t.ContactId == contactId && t.ChildId == childId, context.CancellationToken);
        if (item is null || !StaffSees(caller, item))
            throw RpcErrors.NotFound($"Child {request.ChildId} of contact {request.ContactId}");

        var history = await db.Recommendations.AsNoTracking()
            .Where(r => r.ContactId == contactId && r.ChildId == childId).OrderBy(r => r.Evaluation).ToListAsync(context.CancellationToken);
        var decisions = await db.Decisions.AsNoTracking()
            .Where(d => d.ContactId == contactId && d.ChildId == childId).OrderBy(d => d.DecidedAt).ThenBy(d => d.Id).ToListAsync(context.CancellationToken);

        var response = new GetRecommendationResponse
        {
            ContactId = request.ContactId,
            ChildId = request.ChildId,
            LocalAuthority = item.LocalAuthority,
            Locality = item.Locality,
            History = { history.Select(r => new TriageRecord { Recommendation = r.ToMessage(), Trigger = (TriageTrigger)r.Trigger, TriggerId = r.TriggerId }) },
            Decisions = { decisions.Select(d => d.ToMessage()) },
            Status = item.Withdrawn && item.Status != (int)ChildStatus.Routed ? ChildStatus.Withdrawn : (ChildStatus)item.Status,
        };
        if (response.History.Count > 0) response.Current = response.History[^1].Recommendation;
        await db.RecordViewedAsync(context, "thresholds", [request.ChildId], request.ContactId, item.LocalAuthority, clock: clock);
        return response;
    }
}
