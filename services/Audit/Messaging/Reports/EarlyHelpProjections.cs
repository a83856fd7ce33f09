using Mash.Contracts.Events.V1;

namespace Mash.Audit.Messaging.Reports;

/// <summary>An episode opened (its children, locality and start): the row Annex A list 2 is built from.</summary>
public sealed class EarlyHelpEpisodeOpenedProjection(ReportWrites writes, TimeProvider clock) : ReportProjection<EarlyHelpEpisodeOpened>(writes, clock)
{
    protected override Task Handle(EarlyHelpEpisodeOpened message, CancellationToken cancellationToken)
    {
        var childIds = message.ChildIds.ToArray();
        return Writes.WriteAsync($"""
            INSERT INTO report_early_help_episodes (episode_id, local_authority, child_ids, locality, origin, opened_at)
            VALUES ({message.EpisodeId}, {message.Header.LocalAuthority}, {childIds}, {message.Locality}, {(int)message.Origin}, {OccurredAt(message)})
            ON CONFLICT (episode_id) DO UPDATE SET local_authority = EXCLUDED.local_authority, child_ids = EXCLUDED.child_ids,
                locality = EXCLUDED.locality, origin = EXCLUDED.origin, opened_at = EXCLUDED.opened_at
            """, cancellationToken);
    }
}

/// <summary>An early help assessment: its date and the organisation that completed it.</summary>
public sealed class EarlyHelpAssessmentProjection(ReportWrites writes, TimeProvider clock) : ReportProjection<EarlyHelpAssessmentRecorded>(writes, clock)
{
    protected override async Task Handle(EarlyHelpAssessmentRecorded message, CancellationToken cancellationToken)
    {
        var date = Domain.Reports.ReportPeriod.ToLocalDate(message.AssessmentDate)?.ToDateOnly();
        await Writes.WriteAsync($"""
            INSERT INTO report_early_help_assessments (assessment_id, episode_id, assessment_date, completed_by_organisation, recorded_at)
            VALUES ({message.AssessmentId}, {message.EpisodeId}, {date}, {message.CompletedByOrganisation}, {OccurredAt(message)})
            ON CONFLICT (assessment_id) DO UPDATE SET episode_id = EXCLUDED.episode_id, assessment_date = EXCLUDED.assessment_date,
                completed_by_organisation = EXCLUDED.completed_by_organisation, recorded_at = EXCLUDED.recorded_at
            WHERE report_early_help_assessments.recorded_at <= EXCLUDED.recorded_at
            """, cancellationToken);
        // Arrived before the opening: start the episode's row; the opening fills the rest.
        var childIds = message.ChildIds.ToArray();
        await Writes.WriteAsync($"""
            INSERT INTO report_early_help_episodes (episode_id, local_authority, child_ids) VALUES ({message.EpisodeId}, {message.Header.LocalAuthority}, {childIds})
            ON CONFLICT (episode_id) DO NOTHING
            """, cancellationToken);
    }
}

/// <summary>An episode closed (with its outcome); an episode still open is a current intervention.</summary>
public sealed class EpisodeClosedProjection(ReportWrites writes, TimeProvider clock) : ReportProjection<EpisodeClosed>(writes, clock)
{
    protected override Task Handle(EpisodeClosed message, CancellationToken cancellationToken)
    {
        var childIds = message.ChildIds.ToArray();
        return Writes.WriteAsync($"""
            INSERT INTO report_early_help_episodes (episode_id, local_authority, child_ids, opened_at, closed_at, outcome)
            VALUES ({message.EpisodeId}, {message.Header.LocalAuthority}, {childIds}, {At(message.OpenedAt)}, {OccurredAt(message)}, {(int)message.Outcome})
            ON CONFLICT (episode_id) DO UPDATE SET closed_at = EXCLUDED.closed_at, outcome = EXCLUDED.outcome,
                opened_at = coalesce(report_early_help_episodes.opened_at, EXCLUDED.opened_at)
            """, cancellationToken);
    }
}
