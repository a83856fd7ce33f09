using NodaTime;

namespace Mash.Thresholds.Domain.RuleSets;

/// <summary>
/// Every rule-set version known (loaded from files now or stored earlier), and which one is in
/// force for an authority on a day: the latest effective_from on or before it, the highest version
/// on a tie. Thread-safe: the reloader adds while evaluations read.
/// </summary>
public sealed class RuleSetCatalog
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    private readonly Lock _write = new();
    // Copy on write: readers take the current array without a lock; versions are few and added rarely.
    private volatile RuleSet[] _all = [];

    /// <summary>Adds a version. False when that id and version is already known with another content hash (the old one stays).</summary>
    public bool TryAdd(RuleSet ruleSet)
    {
        lock (_write)
        {
            var known = Find(ruleSet.Id, ruleSet.Version);
            if (known is not null) return known.ContentHash == ruleSet.ContentHash;
            _all = [.. _all.Append(ruleSet)
                .OrderBy(s => s.LocalAuthority, StringComparer.Ordinal)
                .ThenBy(s => s.Id, StringComparer.Ordinal)
                .ThenBy(s => s.Version)];
            return true;
        }
    }

    public RuleSet? Find(string ruleSetId, int version)
    {
        foreach (var s in _all)
            if (s.Version == version && s.Id == ruleSetId) return s;
        return null;
    }

    /// <summary>The version in force for the authority on that day (Europe/London), or null.</summary>
    public RuleSet? InForce(string localAuthority, LocalDate day) => Latest(s => s.LocalAuthority == localAuthority, day);

    /// <summary>The version of a rule-set id in force on that day, or null.</summary>
    public RuleSet? InForceById(string ruleSetId, LocalDate day) => Latest(s => s.Id == ruleSetId, day);

    /// <summary>All versions, by authority, id and version.</summary>
    public IReadOnlyList<RuleSet> All() => _all.AsReadOnly();

    /// <summary>The local date of an instant in Europe/London (the day a contact was received).</summary>
    public static LocalDate LondonDate(DateTimeOffset instant) => Instant.FromDateTimeOffset(instant).InZone(London).Date;

    private RuleSet? Latest(Func<RuleSet, bool> matches, LocalDate day)
    {
        RuleSet? best = null;
        // _all is ordered by authority, id, version: on a full tie the later (higher id) wins, deterministically.
        foreach (var s in _all)
        {
            if (!matches(s) || s.EffectiveFrom > day) continue;
            if (best is null || s.EffectiveFrom > best.EffectiveFrom || (s.EffectiveFrom == best.EffectiveFrom && s.Version >= best.Version))
                best = s;
        }
        return best;
    }
}
