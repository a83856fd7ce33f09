using Microsoft.EntityFrameworkCore;

namespace Mash.EarlyHelp.Data;

/// <summary>
/// The locks that serialise changes. Every change to an episode holds its row lock; anything that
/// changes how many episodes lead professionals hold (brokerage, assignment, closure) also holds the
/// authority's brokerage lock, taken after the row lock, so two brokerages never give the last place
/// twice. Opening an episode holds its sibling group's lock, so siblings routed at the same moment
/// end in one episode.
/// </summary>
public static class EpisodeLocks
{
    /// <summary>The episode with its children, locked until the transaction ends; null when there is none.</summary>
    public static async Task<EpisodeRecord?> LockAsync(this EarlyHelpDbContext db, Guid episodeId, CancellationToken cancellationToken)
    {
        var row = (await db.Episodes.FromSql($"SELECT * FROM episodes WHERE id = {episodeId} FOR UPDATE").ToListAsync(cancellationToken)).SingleOrDefault();
        if (row is not null) await db.Entry(row).Collection(r => r.Children).LoadAsync(cancellationToken);
        return row;
    }

    public static Task BrokerageLockAsync(this EarlyHelpDbContext db, string localAuthority, CancellationToken cancellationToken) =>
        AdvisoryLockAsync(db, $"brokerage:{localAuthority}", cancellationToken);

    public static Task SiblingGroupLockAsync(this EarlyHelpDbContext db, string localAuthority, string siblingGroupId, CancellationToken cancellationToken) =>
        AdvisoryLockAsync(db, $"sibling-group:{localAuthority}:{siblingGroupId}", cancellationToken);

    public static Task ChildLockAsync(this EarlyHelpDbContext db, Guid childId, CancellationToken cancellationToken) =>
        AdvisoryLockAsync(db, $"child:{childId}", cancellationToken);

    // Transaction-scoped: released at commit or rollback, never leaked by a failed attempt.
    static Task AdvisoryLockAsync(EarlyHelpDbContext db, string key, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", cancellationToken);
}
