using Microsoft.EntityFrameworkCore;

namespace Mash.Audit.Data.Reports;

/// <summary>
/// Maps the report projections (migration 0010). Called from AuditDbContext.OnModelCreating; kept
/// here so the reports' tables stay apart from the trail's.
/// </summary>
public static class ReportsModel
{
    public static ModelBuilder AddReportProjections(this ModelBuilder model)
    {
        model.Entity<ReportContact>(e =>
        {
            e.ToTable("report_contacts");
            e.HasKey(c => c.ContactId);
        });
        model.Entity<ReportChild>(e =>
        {
            e.ToTable("report_children");
            e.HasKey(c => new { c.ContactId, c.ChildId });
        });
        model.Entity<EarlyHelpEpisodeRow>(e =>
        {
            e.ToTable("report_early_help_episodes");
            e.HasKey(x => x.EpisodeId);
        });
        model.Entity<EarlyHelpAssessmentRow>(e =>
        {
            e.ToTable("report_early_help_assessments");
            e.HasKey(x => x.AssessmentId);
        });
        return model;
    }
}
