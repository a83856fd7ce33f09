using NodaTime;

namespace Mash.Thresholds.Domain.RuleSets;

/// <summary>
/// Every rule-set version known (loaded from files now or stored earlier), and which one is in
/// force for an authority on a day: the latest effective_from on or before it, the highest version
/// on a tie. Thread-safe: the reloader adds while evaluations read.
/// </summary>
public sealed class RuleSetCatalog
{
    /// <summary>Adds a version. False when that id and version is already known with another content hash (the old one stays).</summary>
    public bool TryAdd(RuleSet ruleSet) => throw new NotImplementedException();

    public RuleSet? Find(string ruleSetId, int version) => throw new NotImplementedException();

    /// <summary>The version in force for the authority on that day (Europe/London), or null.</summary>
    public RuleSet? InForce(string localAuthority, LocalDate day) => throw new NotImplementedException();

    /// <summary>The version of a rule-set id in force on that day, or null.</summary>
    public RuleSet? InForceById(string ruleSetId, LocalDate day) => throw new NotImplementedException();

    /// <summary>All versions, by authority, id and version.</summary>
    public IReadOnlyList<RuleSet> All() => throw new NotImplementedException();

    /// <summary>The local date of an instant in Europe/London (the day a contact was received).</summary>
    public static LocalDate LondonDate(DateTimeOffset instant) => throw new NotImplementedException();
}
