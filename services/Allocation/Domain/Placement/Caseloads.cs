using Mash.Allocation.Domain.Teams;

namespace Mash.Allocation.Domain.Placement;

/// <summary>
/// Which children each worker holds now (their open, allocated cases). A child counts once per
/// worker however many open referrals it has: caseloads are counted in children, as the council
/// reports count them. Kept up to date in memory while several cases are placed in one go.
/// </summary>
public sealed class Caseloads
{
    readonly Dictionary<string, HashSet<Guid>> _children = new(StringComparer.Ordinal);

    public Caseloads(IEnumerable<(string WorkerId, Guid ChildId)> allocated)
    {
        foreach (var (worker, child) in allocated) Add(worker, child);
    }

    public int Of(string workerId) => _children.TryGetValue(workerId, out var set) ? set.Count : 0;

    public bool Holds(string workerId, Guid childId) => _children.TryGetValue(workerId, out var set) && set.Contains(childId);

    public void Add(string workerId, Guid childId)
    {
        if (!_children.TryGetValue(workerId, out var set)) _children[workerId] = set = [];
        set.Add(childId);
    }

    public WorkerLoad Load(SocialWorker worker) => new(worker, Of(worker.Id));
}
