using Mash.BuildingBlocks.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Mash.Audit.Data;

public sealed class AuditDbContext(DbContextOptions<AuditDbContext> options) : DbContext(options)
{
    public DbSet<TrailEntry> TrailEntries => Set<TrailEntry>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddOutboxAndInbox();
        model.Entity<TrailEntry>(e =>
        {
            e.ToTable("trail_entries");
            e.HasKey(t => t.Sequence);
            e.Property(t => t.Sequence).ValueGeneratedOnAdd();
        });
    }
}
