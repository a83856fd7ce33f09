using Grpc.Core;
using Mash.Allocation.Data;
using Mash.Allocation.Domain.Cases;
using Mash.Allocation.Domain.Placement;
using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;

namespace Mash.Allocation.Grpc;

/// <summary>A manager moves a case to another worker, or places a queued one by hand (<see cref="ReallocationRules"/>).</summary>
public sealed partial class AllocationGrpcService
{
    public override async Task<ReallocateResponse> Reallocate(ReallocateRequest request, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        var cancellationToken = context.CancellationToken;
        var (transaction, record) = await OpenCaseAsync(request.AllocationId, caller, context);
        await using var _ = transaction;
        var now = clock.GetUtcNow();
        var caseloads = await allocator.CaseloadsAsync(record.LocalAuthority, cancellationToken);
        var target = teams.TeamOf(record.LocalAuthority, request.WorkerId) is not null ? caseloads.Load(teams.Worker(request.WorkerId)!) : null;
        var move = Allowed(ReallocationRules.Check(request, record.State(), record.WorkerId, record.LocalAuthority,
            target, target is not null && caseloads.Holds(target.Worker.Id, record.ChildId), now));
        var (heldBy, freedLocality) = (HeldBy(record), allocator.LocalityHeld(record));

        // A case queued without a locality takes the locality of the team a manager places it with.
        if (record.Locality.Length == 0) record.Locality = teams.Team(move.Worker.TeamId)!.Locality;
        allocator.Allocate(record, move.Worker, new Placed(PlacementReason.ByManager, move.Worker, QueueReason.Unspecified, move.OverCap),
            caseloads, caller, "", now, request.Reason.Trim());
        if (heldBy.Length > 0) await allocator.FillAsync(record.LocalAuthority, freedLocality, "", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Case {AllocationId} reallocated from {PreviousWorkerId} to {WorkerId}{OverCap}",
            record.Id, heldBy.Length > 0 ? heldBy : "the queue", move.Worker.Id, move.OverCap ? " above the cap" : "");
        return new ReallocateResponse { Allocation = await ShowAsync(record, cancellationToken) };
    }
}
