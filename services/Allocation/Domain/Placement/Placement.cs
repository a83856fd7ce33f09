using Mash.Allocation.Domain.Teams;
using Mash.Contracts.Common.V1;

namespace Mash.Allocation.Domain.Placement;

/// <summary>A worker and the children they hold now (open, allocated cases; a child counts once).</summary>
public sealed record WorkerLoad(SocialWorker Worker, int Caseload)
{
    public int Room => Worker.CaseloadCap - Caseload;
}

/// <summary>
/// What is known when a case is placed. <paramref name="ChildWorker"/>: the worker of the child's
/// own open, allocated case (the child is already open); <paramref name="SiblingWorker"/>: the
/// worker of an allocated sibling of the same contact; <paramref name="Candidates"/>: the workers
/// of the locality's teams (empty when the child has no locality); <paramref name="GroupSize"/>:
/// the children of the contact, so that a sibling group starts with a worker who has room for all.
/// </summary>
public sealed record PlacementRequest(
    bool HasLocality,
    IReadOnlyList<WorkerLoad> Candidates,
    WorkerLoad? ChildWorker = null,
    WorkerLoad? SiblingWorker = null,
    int GroupSize = 1);

public enum PlacementReason
{
    /// <summary>The child is already open: the case goes to the allocated worker.</summary>
    AlreadyOpen,
    /// <summary>A sibling from the same contact is allocated: the case follows that worker.</summary>
    Sibling,
    /// <summary>The locality's worker with the lowest load under the cap.</summary>
    LowestLoad,
    /// <summary>No worker: the case waits in the team manager's queue.</summary>
    Queued,
    /// <summary>A manager chose the worker (Reallocate).</summary>
    ByManager,
}

/// <summary>Where a case goes; <see cref="OverCap"/> when the worker now holds more children than the cap.</summary>
public sealed record Placed(PlacementReason Reason, SocialWorker? Worker, QueueReason QueueReason, bool OverCap)
{
    public static Placed Queue(QueueReason reason) => new(PlacementReason.Queued, null, reason, false);
}

/// <summary>
/// The allocation rules, as a MASH manager would run them by hand:
/// 1. a child already open goes to the allocated worker (they know the family; the child already
///    counts in that worker's caseload, so nothing is added);
/// 2. siblings of one contact go to one worker: a later sibling follows the first even past the
///    cap (a manager would rather keep a family together and sees the worker over the cap);
/// 3. otherwise the locality's worker with the lowest load under the cap, preferring one with room
///    for the whole sibling group; ties go to the worker with more room, then the lower worker id;
/// 4. nobody has room, or the child has no locality: the case is queued.
/// </summary>
public static class Placement
{
    public static Placed Place(PlacementRequest request)
    {
        if (request.ChildWorker is { } open)
            return new Placed(PlacementReason.AlreadyOpen, open.Worker, QueueReason.Unspecified, open.Room < 0);
        if (request.SiblingWorker is { } sibling)
            return new Placed(PlacementReason.Sibling, sibling.Worker, QueueReason.Unspecified, sibling.Room < 1);
        if (!request.HasLocality)
            return Placed.Queue(QueueReason.NoLocality);

        var withRoom = request.Candidates.Where(c => c.Room >= 1).ToList();
        if (withRoom.Count == 0)
            return Placed.Queue(QueueReason.NoCapacity);
        var forGroup = withRoom.Where(c => c.Room >= request.GroupSize).ToList();
        var chosen = (forGroup.Count > 0 ? forGroup : withRoom)
            .OrderBy(c => c.Caseload)
            .ThenByDescending(c => c.Room)
            .ThenBy(c => c.Worker.Id, StringComparer.Ordinal)
            .First();
        return new Placed(PlacementReason.LowestLoad, chosen.Worker, QueueReason.Unspecified, false);
    }

    /// <summary>
    /// The team whose manager's queue a case without a worker joins: the locality's team with the
    /// fewest cases waiting, the first in the file on a tie.
    /// </summary>
    public static SocialWorkTeam? QueueTeam(IReadOnlyList<SocialWorkTeam> localityTeams, IReadOnlyDictionary<string, int> waitingByTeam) =>
        localityTeams.Select((team, order) => (team, order))
            .OrderBy(t => waitingByTeam.GetValueOrDefault(t.team.Id))
            .ThenBy(t => t.order)
            .Select(t => t.team)
            .FirstOrDefault();
}
