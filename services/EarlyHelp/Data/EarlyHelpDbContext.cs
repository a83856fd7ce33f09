using Mash.BuildingBlocks.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Mash.EarlyHelp.Data;

public sealed class EarlyHelpDbContext(DbContextOptions<EarlyHelpDbContext> options) : DbContext(options)
{
    public DbSet<EpisodeRecord> Episodes => Set<EpisodeRecord>();
    public DbSet<EpisodeChildRecord> EpisodeChildren => Set<EpisodeChildRecord>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddOutboxAndInbox();
        model.Entity<EpisodeRecord>(e =>
        {
            e.ToTable("episodes");
            e.HasMany(r => r.Children).WithOne().HasForeignKey(c => c.EpisodeId);
        });
        model.Entity<EpisodeChildRecord>(e =>
        {
            e.ToTable("episode_children");
            e.HasKey(c => new { c.EpisodeId, c.ChildId });
        });
    }
}
