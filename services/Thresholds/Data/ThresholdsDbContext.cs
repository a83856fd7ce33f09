using Mash.BuildingBlocks.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Mash.Thresholds.Data;

public sealed class ThresholdsDbContext(DbContextOptions<ThresholdsDbContext> options) : DbContext(options)
{
    public DbSet<TriageItem> TriageItems => Set<TriageItem>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddOutboxAndInbox();
        model.Entity<TriageItem>(e =>
        {
            e.ToTable("triage_items");
            e.HasKey(t => new { t.ContactId, t.ChildId });
        });
    }
}
