using Mash.Contracts.Events.V1;

namespace Mash.Audit.Messaging.Reports;

/// <summary>
/// The team and worker of a CIN/CP referral (the latest allocation stands: a reallocation replaces
/// it). Allocation events are per child: their header names the contact and child.
/// </summary>
public sealed class CaseAllocatedProjection(ReportWrites writes, TimeProvider clock) : ReportProjection<CaseAllocated>(writes, clock)
{
    protected override Task Handle(CaseAllocated message, CancellationToken cancellationToken) =>
        ReportChildColumns.UpsertAsync(Writes, message.Header.ContactId, message.Header.ChildId, "allocated_at", OccurredAt(message),
            [("allocation_id", message.AllocationId), ("team_id", message.TeamId), ("worker_id", message.WorkerId), ("allocation_queued", false)],
            cancellationToken);
}

/// <summary>No worker yet: the team (when the locality has one) waits to allocate.</summary>
public sealed class AllocationQueuedProjection(ReportWrites writes, TimeProvider clock) : ReportProjection<AllocationQueued>(writes, clock)
{
    protected override Task Handle(AllocationQueued message, CancellationToken cancellationToken) =>
        ReportChildColumns.UpsertAsync(Writes, message.Header.ContactId, message.Header.ChildId, "allocated_at", OccurredAt(message),
            [("allocation_id", message.AllocationId), ("team_id", message.TeamId), ("worker_id", ""), ("allocation_queued", true)],
            cancellationToken);
}

/// <summary>The strategy discussion's outcome: NFA there, before any assessment, is a census "referral NFA"; a s47 enquiry is a row of Annex A list 5.</summary>
public sealed class StrategyDiscussionProjection(ReportWrites writes, TimeProvider clock) : ReportProjection<StrategyDiscussionRecorded>(writes, clock)
{
    protected override Task Handle(StrategyDiscussionRecorded message, CancellationToken cancellationToken) =>
        Allocation(message.AllocationId, "strategy_at", At(message.HeldAt) ?? OccurredAt(message), [("strategy_outcome", (int)message.Outcome)], cancellationToken);
}

/// <summary>A completed s17/s47 assessment: a referral with one is not a census "referral NFA".</summary>
public sealed class AssessmentCompletedProjection(ReportWrites writes, TimeProvider clock) : ReportProjection<AssessmentCompleted>(writes, clock)
{
    protected override Task Handle(AssessmentCompleted message, CancellationToken cancellationToken) =>
        Allocation(message.AllocationId, "assessment_completed_at", At(message.CompletedAt) ?? OccurredAt(message), [("assessment_outcome", (int)message.Outcome)], cancellationToken);
}

/// <summary>The initial child protection conference and whether it made a plan (Annex A list 5).</summary>
public sealed class InitialConferenceProjection(ReportWrites writes, TimeProvider clock) : ReportProjection<InitialConferenceRecorded>(writes, clock)
{
    protected override Task Handle(InitialConferenceRecorded message, CancellationToken cancellationToken) =>
        Allocation(message.AllocationId, "conference_at", At(message.HeldAt) ?? OccurredAt(message), [("conference_outcome", (int)message.Outcome)], cancellationToken);
}
