using Mash.Allocation.Domain.Cases;
using Mash.Allocation.Domain.Clocks;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Microsoft.EntityFrameworkCore;

namespace Mash.Allocation.Data;

/// <summary>The protobuf messages a case row holds, its state for the rules, and the lock that serialises placements.</summary>
public static class StoredCases
{
    public static readonly int[] OpenStatuses = [(int)AllocationStatus.Queued, (int)AllocationStatus.Allocated];

    public static ChildRouted Routing(this AllocationRecord record) => ChildRouted.Parser.ParseFrom(record.Routed);

    /// <summary>What has been recorded on the case (strategy discussions, conference, visits, assessment, step-down).</summary>
    public static Contracts.Allocation.V1.Allocation Recorded(this AllocationRecord record) =>
        Contracts.Allocation.V1.Allocation.Parser.ParseFrom(record.Record);

    public static void Record(this AllocationRecord record, Action<Contracts.Allocation.V1.Allocation> change)
    {
        var recorded = record.Recorded();
        change(recorded);
        record.Record = Google.Protobuf.MessageExtensions.ToByteArray(recorded);
    }

    public static bool IsOpen(this AllocationRecord record) => OpenStatuses.Contains(record.Status);

    public static CaseClock ToClock(this ClockRecord c) => new(c.Id, (ClockKind)c.Kind, c.StartedAt, c.DueAt, c.StoppedAt, c.CancelledAt);

    public static CaseState State(this AllocationRecord record)
    {
        var (recorded, routing) = (record.Recorded(), record.Routing());
        return new CaseState((Pathway)record.Pathway, (AllocationStatus)record.Status, record.RoutedAt,
            record.Clocks.OrderBy(c => c.StartedAt).ThenBy(c => c.Kind).Select(ToClock).ToList(),
            AssessmentCompleted: recorded.Assessment is not null, ConferenceHeld: recorded.InitialConference is not null,
            ReferredAt: routing.ReferredAt?.ToDateTimeOffset(), ClockAllowances: ClockAllowances.With(routing.ClockAllowances));
    }

    /// <summary>Applies a change of the rules: pathway, status and clocks (stopped, cancelled, started).</summary>
    public static void Apply(this AllocationRecord record, CaseChange change, DateTimeOffset now)
    {
        record.Pathway = (int)change.Pathway;
        record.Status = (int)change.Status;
        if (change.Ends) record.EndedAt ??= now;
        foreach (var clock in change.Clocks)
        {
            var stored = record.Clocks.FirstOrDefault(c => c.Id == clock.Id);
            if (stored is null) record.Clocks.Add(NewClock(record.Id, clock));
            else (stored.StoppedAt, stored.CancelledAt) = (clock.StoppedAt, clock.CancelledAt);
        }
    }

    public static ClockRecord NewClock(Guid allocationId, CaseClock clock) => new()
    {
        Id = clock.Id,
        AllocationId = allocationId,
        Kind = (int)clock.Kind,
        StartedAt = clock.StartedAt,
        DueAt = clock.DueAt,
        StoppedAt = clock.StoppedAt,
        CancelledAt = clock.CancelledAt,
    };

    /// <summary>
    /// One placement at a time per authority, until the transaction ends. Placing a case reads the
    /// loads of every worker of a locality and looks for siblings that may not have a row yet, so a
    /// row lock cannot protect it; this transaction-scoped advisory lock does, without retries.
    /// </summary>
    public static Task LockAuthorityAsync(this AllocationDbContext db, string localAuthority, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"mash.allocation:" + localAuthority}, 0))", cancellationToken);

    /// <summary>Every (worker, child) of the authority's open, allocated cases.</summary>
    public static async Task<List<(string WorkerId, Guid ChildId)>> AllocatedAsync(this AllocationDbContext db, string localAuthority, CancellationToken cancellationToken) =>
        (await db.Allocations.AsNoTracking()
            .Where(a => a.LocalAuthority == localAuthority && a.Status == (int)AllocationStatus.Allocated)
            .Select(a => new { a.WorkerId, a.ChildId })
            .ToListAsync(cancellationToken))
        .Select(a => (a.WorkerId, a.ChildId)).ToList();
}
