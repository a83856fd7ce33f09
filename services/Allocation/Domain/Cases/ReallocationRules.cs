using Mash.Allocation.Domain.Placement;
using Mash.Allocation.Domain.Teams;
using Mash.Contracts.Allocation.V1;

namespace Mash.Allocation.Domain.Cases;

/// <summary>The worker a case moves to, and whether that puts them over the cap.</summary>
public sealed record Reallocation(SocialWorker Worker, bool OverCap);

/// <summary>
/// A manager moves a case (or places a queued one) by hand: to a worker of the case's authority,
/// with a reason; above the worker's cap only with override_cap.
/// </summary>
public static class ReallocationRules
{
    /// <param name="target">The worker named, with their load; null when no worker of the authority has that id.</param>
    /// <param name="childAlreadyWithTarget">The child already counts in the target's caseload (another open case).</param>
    public static Verdict<Reallocation> Check(ReallocateRequest request, CaseState state, string currentWorkerId, string localAuthority,
        WorkerLoad? target, bool childAlreadyWithTarget, DateTimeOffset now)
    {
        var checks = new RequestChecks(now, state.Referral);
        if (request.WorkerId.Length == 0) checks.Add("worker_id", "is required: the worker the case moves to");
        else if (target is null) checks.Add("worker_id", $"is not a worker of {localAuthority}");
        else if (request.TeamId.Length > 0 && request.TeamId != target.Worker.TeamId)
            checks.Add("team_id", $"worker {target.Worker.Id} belongs to team {target.Worker.TeamId}; leave team_id empty or give that team");
        checks.Text(request.Reason, "reason", RequestChecks.MaxReason, required: true);
        if (checks.Violations.Count > 0) return Verdict<Reallocation>.Invalid(checks.Violations);

        if (state.NotOpen is { } ended) return Verdict<Reallocation>.Refused(ended);
        var worker = target!.Worker;
        if (state.Status == AllocationStatus.Allocated && currentWorkerId == worker.Id)
            return Verdict<Reallocation>.Refused($"The case is already allocated to {worker.Id}");
        var loadAfter = target.Caseload + (childAlreadyWithTarget ? 0 : 1);
        if (loadAfter > worker.CaseloadCap && !request.OverrideCap)
            return Verdict<Reallocation>.Refused(
                $"Worker {worker.Id} holds {target.Caseload} children against a cap of {worker.CaseloadCap}: set override_cap to allocate above the cap");
        return new Reallocation(worker, loadAfter > worker.CaseloadCap);
    }
}
