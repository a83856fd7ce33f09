using Mash.BuildingBlocks.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Mash.Audit.Data;

public sealed class AuditDbContext(DbContextOptions<AuditDbContext> options) : DbContext(options)
{
    public DbSet<TrailEntry> TrailEntries => Set<TrailEntry>();

    public DbSet<ClockRecord> Clocks => Set<ClockRecord>();

    public DbSet<ClockHolder> ClockHolders => Set<ClockHolder>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddOutboxAndInbox();
        model.Entity<TrailEntry>(e =>
        {
            e.ToTable("trail_entries");
            e.HasKey(t => t.Sequence);
            // The appender numbers entries itself, gap-free, under the chain lock.
            e.Property(t => t.Sequence).ValueGeneratedNever();
        });
        model.Entity<ClockRecord>(e =>
        {
            e.ToTable("clocks");
            e.HasKey(c => c.ClockId);
        });
        model.Entity<ClockHolder>(e =>
        {
            e.ToTable("clock_holders");
            e.HasKey(h => new { h.ChildId, h.ContactId });
        });
    }
}
