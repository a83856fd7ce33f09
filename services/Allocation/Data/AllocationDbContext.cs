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
            // Ids are made by the service (time-ordered UUIDs), so a clock added to a loaded case is inserted, not updated.
            e.Property(a => a.Id).ValueGeneratedNever();
            e.HasMany(a => a.Clocks).WithOne().HasForeignKey(c => c.AllocationId);
        });
        model.Entity<ClockRecord>(e =>
        {
            e.ToTable("allocation_clocks");
            e.Property(c => c.Id).ValueGeneratedNever();
        });
    }
}
