using Grpc.Core;
using Mash.Allocation.Allocating;
using Mash.Allocation.Data;
using Mash.Allocation.Domain.Cases;
using Mash.Allocation.Domain.Teams;
using Mash.BuildingBlocks.Data.Idempotency;
using Mash.BuildingBlocks.Grpc;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Mash.Allocation.Grpc;

/// <summary>
/// The allocation API: reads (GetAllocation, ListCaseload), the social work recorded on a case, and
/// reallocation. One partial class per concern. A change loads the case under its authority's
/// placement lock, asks the rules (<see cref="Domain.Cases"/>), applies and announces the result,
/// and offers any room it frees to the locality's queue, all in one transaction.
/// </summary>
public sealed partial class AllocationGrpcService(
    AllocationDbContext db,
    CaseAllocator allocator,
    AllocationMapper mapper,
    TeamDirectory teams,
    WorkingCalendar calendar,
    TimeProvider clock,
    ILogger<AllocationGrpcService> logger) : AllocationService.AllocationServiceBase
{
    const string ServiceName = "allocation";

    static Guid ParseAllocationId(string allocationId) => Guid.TryParse(allocationId, out var id)
        ? id
        : throw RpcErrors.InvalidArgument([("allocation_id", "must be an allocation id (a UUID)")]);

    /// <summary>
    /// The case, tracked, in a new transaction (or an idempotent call's) holding its authority's
    /// placement lock. Staff of another authority are told it does not exist.
    /// </summary>
    async Task<(IDbContextTransaction Transaction, AllocationRecord Record)> OpenCaseAsync(string allocationId, Actor caller, ServerCallContext context)
    {
        var id = ParseAllocationId(allocationId);
        var cancellationToken = context.CancellationToken;
        var authority = await db.Allocations.AsNoTracking().Where(a => a.Id == id).Select(a => a.LocalAuthority).SingleOrDefaultAsync(cancellationToken);
        if (authority is null || authority != caller.LocalAuthority) throw RpcErrors.NotFound($"Allocation {allocationId}");
        var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        await db.LockAuthorityAsync(authority, cancellationToken);
        var record = await db.Allocations.Include(a => a.Clocks).SingleAsync(a => a.Id == id, cancellationToken);
        return (transaction, record);
    }

    /// <summary>
    /// One change to a case by <paramref name="caller"/> (the handler's <see cref="Access.Demand"/>): the case is loaded under the lock, <paramref name="rule"/>
    /// decides (or refuses), <paramref name="apply"/> records the result and its events; when the case
    /// left its worker, the room goes to the locality's queue; all commits together. Returns the case
    /// as the caller now sees it.
    /// </summary>
    async Task<Contracts.Allocation.V1.Allocation> ChangeAsync<T>(Actor caller, string allocationId, ServerCallContext context,
        Func<CaseState, DateTimeOffset, WorkingCalendar, Verdict<T>> rule, Action<AllocationRecord, T, Actor, DateTimeOffset> apply) where T : class
    {
        var cancellationToken = context.CancellationToken;
        var (transaction, record) = await OpenCaseAsync(allocationId, caller, context);
        await using var _ = transaction;
        var now = clock.GetUtcNow();
        // The case authority's calendar: its office hours count the working time.
        var change = Allowed(rule(record.State(), now, calendar.For(record.LocalAuthority)));
        var heldBy = HeldBy(record);

        apply(record, change, caller, now);
        if (heldBy.Length > 0 && record.Status != (int)AllocationStatus.Allocated)
            await allocator.FillAsync(record.LocalAuthority, allocator.LocalityHeld(record), "", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("{Method} on case {AllocationId}: now {Pathway}, {Status}",
            context.MethodName(), record.Id, (Pathway)record.Pathway, (AllocationStatus)record.Status);
        return await ShowAsync(record, cancellationToken);
    }

    /// <summary>The case as the caller now sees it (the worker's load counted after the change).</summary>
    async Task<Contracts.Allocation.V1.Allocation> ShowAsync(AllocationRecord record, CancellationToken cancellationToken) =>
        mapper.ToMessage(record, await allocator.CaseloadsAsync(record.LocalAuthority, cancellationToken), clock.GetUtcNow());

    static T Allowed<T>(Verdict<T> verdict) where T : class
    {
        if (verdict.Violations.Count > 0) throw RpcErrors.InvalidArgument(verdict.Violations);
        if (verdict.Precondition is { } message) throw RpcErrors.FailedPrecondition(message);
        return verdict.Change!;
    }

    static string HeldBy(AllocationRecord record) => record.Status == (int)AllocationStatus.Allocated ? record.WorkerId : "";
}
