using Mash.BuildingBlocks.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Mash.Intake.Data;

public sealed class IntakeDbContext(DbContextOptions<IntakeDbContext> options) : DbContext(options)
{
    public DbSet<ContactRecord> Contacts => Set<ContactRecord>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddOutboxAndInbox();
        model.Entity<ContactRecord>(e =>
        {
            e.ToTable("contacts");
            e.HasMany(c => c.Children).WithOne().HasForeignKey(c => c.ContactId);
        });
        model.Entity<ContactChildRecord>().ToTable("contact_children");
    }
}
