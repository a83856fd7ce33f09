namespace Mash.Audit.Domain.Reports.AnnexA;

/// <summary>A census referral: a child routed to CIN or CP from a contact received at <paramref name="ReceivedAt"/>.</summary>
public sealed record ReferralEvent(string ContactId, string ChildId, DateTimeOffset ReceivedAt);

/// <summary>
/// "Number of referrals in the last 12 months" (Annex A list 3): the child's other referrals in
/// the 12 months before this one, this one not counted (as D2I's Annex A tool does: count - 1;
/// and the census re-referral definition: a referral within 12 months of a previous one).
/// </summary>
public static class ReferralHistory
{
    public static IReadOnlyDictionary<ReferralEvent, int> EarlierWithin12Months(IEnumerable<ReferralEvent> referrals)
    {
        var result = new Dictionary<ReferralEvent, int>();
        foreach (var child in referrals.GroupBy(r => r.ChildId))
        {
            // Same instant: the contact id breaks the tie, so of two simultaneous referrals one is earlier.
            var ordered = child.OrderBy(r => r.ReceivedAt).ThenBy(r => r.ContactId, StringComparer.Ordinal).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                var since = ordered[i].ReceivedAt.AddMonths(-12);
                result[ordered[i]] = ordered.Take(i).Count(e => e.ReceivedAt >= since);
            }
        }
        return result;
    }
}
