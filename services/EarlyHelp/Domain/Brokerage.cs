using Mash.Contracts.Common.V1;

namespace Mash.EarlyHelp.Domain;

/// <summary>A child of an episode as brokerage sees it.</summary>
public sealed record BrokerageChild(int AgeYears, SettingKind Setting);

/// <summary>The lead professional brokerage chose, and why (the reason goes on the assignment and the event).</summary>
public sealed record BrokerageMatch(LeadProfessionalEntry LeadProfessional, string Reason);

/// <summary>
/// Chooses a family's lead professional from the directory. A candidate works in the episode's
/// authority and locality, has a free place (open episodes below capacity) and can lead for at least
/// one of the children (age and setting). Among candidates, in this order:
/// 1. the one who covers most of the children (one person for the whole family: a family hub
///    worker for a toddler and a schoolchild rather than either child's specialist);
/// 2. the most specific fit: settings named that match the children (a primary school's safeguarding
///    lead for a primary-school child before a family support worker for any setting), then the
///    narrower age range (a health visitor for an under-five);
/// 3. the lowest load as a share of capacity;
/// 4. file order.
/// </summary>
public static class Brokerage
{
    public static BrokerageMatch? Choose(string localAuthority, string locality, IReadOnlyList<BrokerageChild> children,
        IEnumerable<LeadProfessionalEntry> directory, IReadOnlyDictionary<string, int> loads)
    {
        if (locality.Length == 0 || children.Count == 0) return null;
        var best = directory
            .Where(e => e.LocalAuthority == localAuthority && e.Locality == locality && Load(loads, e) < e.Capacity)
            .Select(e => (Entry: e, Covered: children.Where(c => e.Covers(c.AgeYears, c.Setting)).ToList()))
            .Where(c => c.Covered.Count > 0)
            .OrderByDescending(c => c.Covered.Count)
            .ThenByDescending(c => c.Entry.Settings.Count > 0 ? c.Covered.Count(child => c.Entry.Settings.Contains(child.Setting)) : 0)
            .ThenBy(c => c.Entry.AgeTo - c.Entry.AgeFrom)
            .ThenBy(c => (double)Load(loads, c.Entry) / c.Entry.Capacity)
            .ThenBy(c => c.Entry.Order)
            .Select(c => (c.Entry, c.Covered))
            .FirstOrDefault();
        if (best.Entry is null) return null;

        var ages = string.Join(", ", best.Covered.Select(c => c.AgeYears).Distinct().Order());
        var reason = $"Brokered in {locality}: covers {best.Covered.Count} of {children.Count} children (ages {ages}), " +
                     $"ages {best.Entry.AgeFrom}-{best.Entry.AgeTo}" +
                     (best.Entry.Settings.Count > 0 ? $", settings {string.Join(", ", best.Entry.Settings.Order().Select(s => Names.Of(s)))}" : ", any setting") +
                     $", holding {Load(loads, best.Entry)} of {best.Entry.Capacity} episodes";
        return new BrokerageMatch(best.Entry, reason);
    }

    static int Load(IReadOnlyDictionary<string, int> loads, LeadProfessionalEntry entry) => loads.GetValueOrDefault(entry.Id);
}
