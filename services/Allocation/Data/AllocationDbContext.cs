using Mash.BuildingBlocks.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Mash.Allocation.Data;

public sealed class AllocationDbContext(DbContextOptions<AllocationDbContext> options) : DbContext(options)
{
    public DbSet<AllocationRecord> Allocations => Set<AllocationRecord>();
    public DbSet<ClockRecord> Clocks => Set<ClockRecord>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddOutboxAndInbox();
        model.Entity<AllocationRecord>(e =>
        {
            e.ToTable("allocations");
            e.HasMany(a => a.Clocks).WithOne().HasForeignKey(c => c.AllocationId);
        });
        model.Entity<ClockRecord>().ToTable("allocation_clocks");
    }
}
