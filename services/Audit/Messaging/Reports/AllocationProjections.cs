using Mash.Audit.Data;
using Mash.Contracts.Events.V1;

namespace Mash.Audit.Messaging.Reports;

/// <summary>The team and worker of a CIN/CP referral (the latest allocation stands: a reallocation replaces it).</summary>
public sealed class CaseAllocatedProjection(AuditDbContext db, TimeProvider clock) : ReportProjection<CaseAllocated>(db, clock)
{
    protected override Task Handle(CaseAllocated message, CancellationToken cancellationToken) =>
        AllocationColumns.WriteAsync(Db, message.Header, message.AllocationId, OccurredAt(message),
            [("allocation_id", message.AllocationId), ("team_id", message.TeamId), ("worker_id", message.WorkerId), ("allocation_queued", false)],
            cancellationToken);
}

/// <summary>No worker yet: the team (when the locality has one) waits to allocate.</summary>
public sealed class AllocationQueuedProjection(AuditDbContext db, TimeProvider clock) : ReportProjection<AllocationQueued>(db, clock)
{
    protected override Task Handle(AllocationQueued message, CancellationToken cancellationToken) =>
        AllocationColumns.WriteAsync(Db, message.Header, message.AllocationId, OccurredAt(message),
            [("allocation_id", message.AllocationId), ("team_id", message.TeamId), ("worker_id", ""), ("allocation_queued", true)],
            cancellationToken);
}

/// <summary>The strategy discussion's outcome: NFA there, before any assessment, is a census "referral NFA".</summary>
public sealed class StrategyDiscussionProjection(AuditDbContext db, TimeProvider clock) : ReportProjection<StrategyDiscussionRecorded>(db, clock)
{
    protected override Task Handle(StrategyDiscussionRecorded message, CancellationToken cancellationToken) =>
        AllocationColumns.WriteAsync(Db, message.Header, message.AllocationId, At(message.HeldAt) ?? OccurredAt(message),
            [("strategy_outcome", (int)message.Outcome)], cancellationToken, guard: "strategy_at");
}

public sealed class AssessmentCompletedProjection(AuditDbContext db, TimeProvider clock) : ReportProjection<AssessmentCompleted>(db, clock)
{
    protected override Task Handle(AssessmentCompleted message, CancellationToken cancellationToken) =>
        AllocationColumns.WriteAsync(Db, message.Header, message.AllocationId, At(message.CompletedAt) ?? OccurredAt(message),
            [("assessment_outcome", (int)message.Outcome)], cancellationToken, guard: "assessment_completed_at");
}

static class AllocationColumns
{
    /// <summary>By the header's contact and child where it names them, otherwise by the allocation id.</summary>
    public static Task WriteAsync(AuditDbContext db, EventHeader header, string allocationId, DateTimeOffset at,
        IReadOnlyList<(string Column, object? Value)> values, CancellationToken cancellationToken, string guard = "allocated_at") =>
        header.ContactId.Length > 0 && header.ChildId.Length > 0
            ? ReportChildColumns.UpsertAsync(db, header.ContactId, header.ChildId, guard, at, values, cancellationToken)
            : ReportChildColumns.UpdateByAllocationAsync(db, allocationId, guard, at, values, cancellationToken);
}
