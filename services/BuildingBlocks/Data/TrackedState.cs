using Microsoft.EntityFrameworkCore;

namespace Mash.BuildingBlocks.Data;

/// <summary>
/// Reading an entity's state without EF Core's change detection. <c>Entry(x)</c> and
/// <c>Entries&lt;T&gt;()</c> compare tracked entities with their snapshots first, which a caller that
/// only asks "added, deleted or detached?" does not need: those states are set by Add, Remove and
/// Clear, never found by detection. With a group's worth of tracked rows, detection run for such
/// questions was the largest single cost in audit's CPU profile (issue 18).
/// </summary>
public static class TrackedState
{
    public static EntityState StateOf(this DbContext db, object entity) => WithoutDetecting(db, () => db.Entry(entity).State);

    public static bool AnyAdded<TEntity>(this DbContext db) where TEntity : class =>
        WithoutDetecting(db, () => db.ChangeTracker.Entries<TEntity>().Any(e => e.State == EntityState.Added));

    static T WithoutDetecting<T>(DbContext db, Func<T> read)
    {
        var tracker = db.ChangeTracker;
        var detecting = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try { return read(); }
        finally { tracker.AutoDetectChangesEnabled = detecting; }
    }
}
