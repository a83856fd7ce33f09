using System.Collections.Concurrent;

namespace Mash.Thresholds.Hosting;

/// <summary>When each rule-set version was first loaded (rule_sets.loaded_at), for ListRuleSets.</summary>
public sealed class RuleSetLoadTimes
{
    readonly ConcurrentDictionary<(string Id, int Version), DateTimeOffset> _times = new();

    public void Record(string id, int version, DateTimeOffset loadedAt) => _times.TryAdd((id, version), loadedAt);

    public DateTimeOffset? Of(string id, int version) => _times.TryGetValue((id, version), out var at) ? at : null;
}
