using System.Linq.Expressions;
using Mash.Audit.Data;
using Mash.Audit.Domain.Trail;
using Microsoft.EntityFrameworkCore;

namespace Mash.Audit.Trail;

/// <summary>The outcome of a verification: how many entries were checked, and the first broken link.</summary>
public sealed record Verification(long EntriesChecked, BrokenLinkFound? FirstBroken, TrailEntry? BrokenEntry);

/// <summary>
/// Recomputes the chain from the stored rows. The whole trail is walked in sequence order from
/// entry 1 (every gap, changed entry and re-hashed entry is found). A child's or contact's entries
/// are each checked against their stored neighbours: the entry before (it must exist and its hash
/// must be this entry's previous hash), the entry itself (its hash recomputed), and the entry after
/// (it must name this entry's stored hash). An entry deleted from between two other entries is
/// found by the whole-trail walk.
/// </summary>
public sealed class TrailVerifier(AuditDbContext db)
{
    const int BatchSize = 1000;

    public async Task<Verification> VerifyAllAsync(CancellationToken cancellationToken)
    {
        StoredEntry? previous = null;
        long checkedCount = 0, after = 0;
        while (true)
        {
            var page = await db.TrailEntries.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence)
                .Take(BatchSize).ToListAsync(cancellationToken);
            if (page.Count == 0) return new Verification(checkedCount, null, null);
            foreach (var row in page)
            {
                var entry = row.Stored();
                checkedCount++;
                if (ChainCheck.Check(previous, entry) is { } broken) return new Verification(checkedCount, broken, row);
                previous = entry;
            }
            after = page[^1].Sequence;
        }
    }

    public async Task<Verification> VerifyScopeAsync(Expression<Func<TrailEntry, bool>> scope, CancellationToken cancellationToken)
    {
        long checkedCount = 0, after = 0;
        while (true)
        {
            var page = await db.TrailEntries.AsNoTracking().Where(scope).Where(e => e.Sequence > after).OrderBy(e => e.Sequence)
                .Take(BatchSize).ToListAsync(cancellationToken);
            if (page.Count == 0) return new Verification(checkedCount, null, null);

            var neighbours = page.SelectMany(e => new[] { e.Sequence - 1, e.Sequence + 1 }).Distinct().ToList();
            var rows = (await db.TrailEntries.AsNoTracking().Where(e => neighbours.Contains(e.Sequence)).ToListAsync(cancellationToken))
                .Concat(page).DistinctBy(e => e.Sequence).ToDictionary(e => e.Sequence);

            var problems = new List<(BrokenLinkFound Broken, TrailEntry Row)>();
            foreach (var row in page)
            {
                checkedCount++;
                var entry = row.Stored();
                var predecessor = row.Sequence > 1 && rows.TryGetValue(row.Sequence - 1, out var before) ? before.Stored() : null;
                if (ChainCheck.Check(predecessor, entry) is { } broken) problems.Add((broken, row));
                if (rows.TryGetValue(row.Sequence + 1, out var next) && !next.PreviousHash.AsSpan().SequenceEqual(row.Hash))
                    problems.Add((new BrokenLinkFound(next.Stored(), ChainCheck.PreviousHashMismatch, row.Hash, next.PreviousHash), next));
                if (problems.Count > 0) break;
            }
            if (problems.Count > 0)
            {
                var first = problems.MinBy(p => p.Broken.Entry.Sequence);
                return new Verification(checkedCount, first.Broken, first.Row);
            }
            after = page[^1].Sequence;
        }
    }
}
