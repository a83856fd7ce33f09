using Mash.Audit.Data;

namespace Mash.Audit.Clocks;

/// <summary>
/// What a case clock's start takes from its case, chosen among the case's rows in hand, whether
/// the clock book read them ahead for its group or just now (<see cref="ClockBook"/>): one rule for
/// both, so a group decides exactly as a single event does.
/// </summary>
public static class CaseLookups
{
    /// <summary>
    /// The case's other clock of the same contact and child that has a locality, the latest started
    /// first; one not started yet comes before any started (PostgreSQL's descending order puts NULL first).
    /// </summary>
    public static ClockRecord? Sibling(ClockRecord clock, IEnumerable<ClockRecord> rows)
    {
        var child = clock.ChildIds[0];
        return rows.Where(r => r.ContactId == clock.ContactId && r.ClockId != clock.ClockId && r.ChildIds.Contains(child) && r.Locality.Length > 0)
            .OrderBy(r => r.StartedAt is null ? 0 : 1).ThenByDescending(r => r.StartedAt)
            .FirstOrDefault();
    }

    /// <summary>Who holds the child's case: the holder named for this contact, else one named without a contact; the latest hold first.</summary>
    public static ClockHolder? Holder(ClockRecord clock, IEnumerable<ClockHolder> holders)
    {
        var child = clock.ChildIds[0];
        return holders.Where(h => h.ChildId == child && (h.ContactId == clock.ContactId || h.ContactId.Length == 0))
            .OrderByDescending(h => h.ContactId == clock.ContactId).ThenByDescending(h => h.HeldAt)
            .FirstOrDefault();
    }
}
