using Mash.BuildingBlocks.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Mash.Thresholds.Data;

public sealed class ThresholdsDbContext(DbContextOptions<ThresholdsDbContext> options) : DbContext(options)
{
    public DbSet<TriageItem> TriageItems => Set<TriageItem>();
    public DbSet<RecommendationRecord> Recommendations => Set<RecommendationRecord>();
    public DbSet<DecisionRecord> Decisions => Set<DecisionRecord>();
    public DbSet<RuleSetRecord> RuleSets => Set<RuleSetRecord>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddOutboxAndInbox();
        model.Entity<TriageItem>(e =>
        {
            e.ToTable("triage_items");
            e.HasKey(t => new { t.ContactId, t.ChildId });
        });
        model.Entity<RecommendationRecord>().ToTable("recommendations");
        model.Entity<DecisionRecord>().ToTable("decisions");
        model.Entity<RuleSetRecord>(e =>
        {
            e.ToTable("rule_sets");
            e.HasKey(r => new { r.Id, r.Version });
        });
    }
}
