namespace Mash.Audit.Domain.Reports.AnnexA;

/// <summary>
/// Something that happened to a child on a date that Annex A counts: a census referral (its
/// contact, received at <paramref name="At"/>) or a section 47 enquiry (its allocation, started
/// by the strategy discussion at <paramref name="At"/>).
/// </summary>
public sealed record ChildEvent(string Id, string ChildId, DateTimeOffset At);

/// <summary>
/// The "in the last 12 months" counts of Annex A: "Number of referrals in the last 12 months"
/// (list 3), "Number of Section 47 Enquiries" and "Number of ICPCs in the last 12 months" (list 5).
/// The event itself is not counted, as D2I's Annex A tool does (count - 1; and the census
/// re-referral definition: a referral within 12 months of a previous one).
/// </summary>
public static class ChildHistory
{
    /// <summary>For each event, the child's other events of the same kind in the 12 months before it.</summary>
    public static IReadOnlyDictionary<ChildEvent, int> EarlierWithin12Months(IEnumerable<ChildEvent> events)
    {
        var result = new Dictionary<ChildEvent, int>();
        foreach (var child in events.GroupBy(r => r.ChildId))
        {
            // Same instant: the id breaks the tie, so of two simultaneous events one is earlier.
            var ordered = child.OrderBy(r => r.At).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                var since = ordered[i].At.AddMonths(-12);
                result[ordered[i]] = ordered.Take(i).Count(e => e.At >= since);
            }
        }
        return result;
    }

    /// <summary>How many of <paramref name="others"/> fall in the 12 months before <paramref name="at"/> (not at it or after).</summary>
    public static int Within12MonthsBefore(DateTimeOffset at, IEnumerable<DateTimeOffset> others) =>
        others.Count(o => o >= at.AddMonths(-12) && o < at);
}
