using Mash.BuildingBlocks.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Mash.Intake.Data;

public sealed class IntakeDbContext(DbContextOptions<IntakeDbContext> options) : DbContext(options)
{
    public DbSet<ContactRecord> Contacts => Set<ContactRecord>();
    public DbSet<ContactChildRecord> ContactChildren => Set<ContactChildRecord>();
    public DbSet<ChildOpening> ChildOpenings => Set<ChildOpening>();
    public DbSet<AgencyCheckRecord> AgencyChecks => Set<AgencyCheckRecord>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddOutboxAndInbox();
        model.Entity<ContactRecord>(e =>
        {
            e.ToTable("contacts");
            e.HasMany(c => c.Children).WithOne().HasForeignKey(c => c.ContactId);
            e.HasMany(c => c.Additions).WithOne().HasForeignKey(a => a.ContactId);
        });
        model.Entity<ContactChildRecord>(e =>
        {
            e.ToTable("contact_children");
            e.Property(c => c.ContactsInLast12Months).HasColumnName("contacts_in_last12_months");
        });
        model.Entity<ContactAddition>().ToTable("contact_additions");
        model.Entity<AgencyCheckRecord>().ToTable("agency_checks");
        model.Entity<ChildOpening>(e =>
        {
            e.ToTable("child_openings");
            e.HasKey(o => new { o.ChildId, o.Pathway });
        });
    }
}
