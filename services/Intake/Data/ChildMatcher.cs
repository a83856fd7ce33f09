using Mash.Contracts.Common.V1;
using Mash.Intake.Domain;
using Microsoft.EntityFrameworkCore;

namespace Mash.Intake.Data;

/// <summary>
/// Finds each child of a new contact among the children of earlier contacts (rules in
/// <see cref="ChildIdentity"/>) and gathers the child's history. Two children of one contact never
/// share an id, even if both match the same earlier record.
/// </summary>
public sealed class ChildMatcher(IntakeDbContext db)
{
    /// <summary>
    /// Takes a transaction-scoped advisory lock on every match key of the children, in one order
    /// (so two contacts never wait on each other in a circle). Two first contacts about one new child
    /// arriving together would otherwise both find no earlier record and give the child two ids: with
    /// the lock the second matches only once the first has committed. Call it inside the transaction
    /// that stores the contact, before <see cref="MatchAsync"/>.
    /// </summary>
    public async Task LockAsync(IEnumerable<ChildIdentity> children, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Match keys are locked for the transaction that stores the contact: begin it first");
        var keys = children.SelectMany(c => c.MatchKeys()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(key => "mash.intake.child:" + key).ToArray();
        if (keys.Length == 0) return;
        // One round trip for all of them (a contact has two or three keys a child). PostgreSQL
        // evaluates a volatile function of the select list after the sort, so the locks are taken
        // in the keys' order, as one statement per key took them.
        await db.Database.ExecuteSqlAsync(
            $"SELECT pg_advisory_xact_lock(hashtextextended(key, 0)) FROM unnest({keys}::text[]) WITH ORDINALITY AS k(key, n) ORDER BY n",
            cancellationToken);
    }

    public async Task<IReadOnlyList<ChildHistory>> MatchAsync(IReadOnlyList<ChildIdentity> children, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var histories = new List<ChildHistory>();
        foreach (var child in children)
        {
            var childId = await FindAsync(child, excluding: histories.Select(h => h.ChildId).ToList(), cancellationToken);
            if (childId is null)
            {
                histories.Add(ChildHistory.New(Guid.CreateVersion7(receivedAt)));
                continue;
            }

            histories.Add(await HistoryAsync(childId.Value, before: receivedAt, cancellationToken));
        }
        return histories;
    }

    /// <summary>A known child's contacts received before <paramref name="before"/>, and what it is open to now.</summary>
    public async Task<ChildHistory> HistoryAsync(Guid childId, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var earlier = await db.ContactChildren.AsNoTracking()
            .Where(c => c.ChildId == childId && c.Status != (int)ChildStatus.Withdrawn)
            .Join(db.Contacts, c => c.ContactId, contact => contact.Id, (c, contact) => new { contact.ReceivedAt, c.Status, c.NfaReason })
            .Where(e => e.ReceivedAt < before)
            .ToListAsync(cancellationToken);
        var openings = await db.ChildOpenings.AsNoTracking().Where(o => o.ChildId == childId).ToListAsync(cancellationToken);
        var open = openings.Select(o => (Pathway)o.Pathway).ToList();
        return new ChildHistory(childId, [.. earlier.Select(e => e.ReceivedAt)], OpenReferrals.MostAcute(open))
        {
            DecidedContactsAt = [.. earlier.Where(e => ChildStatusRules.CountsInHistory((ChildStatus)e.Status, (NfaReason)e.NfaReason)).Select(e => e.ReceivedAt)],
            OpenPathways = open,
            OnChildProtectionPlan = openings.Any(o => o.Pathway == (int)Pathway.ChildProtection && o.OnChildProtectionPlan),
        };
    }

    async Task<Guid?> FindAsync(ChildIdentity child, List<Guid> excluding, CancellationToken cancellationToken)
    {
        if (child.NhsNumber.Length == 0 && !child.HasDemographics) return null;

        // Candidates by either key; the domain rule decides (two NHS numbers that differ never match).
        var candidates = await db.ContactChildren.AsNoTracking()
            .Where(c => !excluding.Contains(c.ChildId))
            .Where(c => (child.NhsNumber != "" && c.NhsNumber == child.NhsNumber)
                || (c.FamilyNameKey == child.FamilyNameKey && c.DateOfBirth == child.DateOfBirth && c.Postcode == child.Postcode && c.GivenNamesKey == child.GivenNamesKey))
            .Join(db.Contacts, c => c.ContactId, contact => contact.Id, (c, contact) => new { c.ChildId, c.NhsNumber, c.GivenNamesKey, c.FamilyNameKey, c.DateOfBirth, c.Postcode, contact.ReceivedAt })
            .OrderByDescending(c => c.ReceivedAt)
            .Take(20)
            .ToListAsync(cancellationToken);
        return candidates.FirstOrDefault(c => child.Matches(new ChildIdentity(c.NhsNumber, c.GivenNamesKey ?? "", c.FamilyNameKey, c.DateOfBirth, c.Postcode)))?.ChildId;
    }
}
