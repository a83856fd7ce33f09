using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.Contracts.EarlyHelp.V1;
using Mash.EarlyHelp.Data;
using Mash.EarlyHelp.Domain;
using Mash.EarlyHelp.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Mash.EarlyHelp.Episodes;

/// <summary>
/// Raises what running lead professional clocks owe (<see cref="LeadProfessionalClock.Due"/>):
/// ClockAtRisk with a fifth of the working hours left, ClockBreached at the deadline, each once, through the outbox in the same
/// transaction as the clock's new state. Several instances share the work (SKIP LOCKED).
/// A batch holds only clocks that owe something now: a running clock past its at-risk instant, or an
/// at-risk clock past its deadline. A clock already at risk and not yet due owes nothing, so it is
/// never picked: were it picked, a hundred such clocks (oldest deadline first) would fill every batch,
/// the scheduler would fetch them again and again, and a clock turning at risk behind them would wait.
/// </summary>
public sealed class ClockAlerts(EarlyHelpDbContext db, LeadProfessionals leadProfessionals, TimeProvider clock, ILogger<ClockAlerts> logger)
{
    public const int BatchSize = 100;

    /// <summary>
    /// One batch of clocks owing an alert at <paramref name="now"/>; returns how many were looked at.
    /// Each of them moves on (to at risk or breached), so a full batch means more may be owed, never the same ones.
    /// </summary>
    public async Task<int> RaiseDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The states are literals (1 running, 2 at risk), not parameters, so that a prepared statement's
        // generic plan can still use the partial indexes made for each (migration 0002).
        var rows = await db.Episodes.FromSql($"""
            SELECT * FROM episodes
            WHERE (clock_state = 1 AND at_risk_at <= {now})
               OR (clock_state = 2 AND due_at <= {now})
            ORDER BY due_at, id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED
            """).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            await db.Entry(row).Collection(r => r.Children).LoadAsync(cancellationToken);
            var episode = row.Message();
            var (alerts, state) = LeadProfessionalClock.Due(episode.LeadProfessionalClock, now);
            foreach (var alert in alerts)
            {
                if (alert == ClockAlert.AtRisk) db.AddEvent(EpisodeEvents.AtRisk(episode), clock);
                else db.AddEvent(EpisodeEvents.Breached(episode), clock);
                logger.LogWarning("Episode {EpisodeId}: lead professional clock {Alert} (due {DueAt:o}, {Status})", episode.EpisodeId, alert, row.DueAt, episode.Status);
            }
            episode.LeadProfessionalClock.State = state;
            row.Store(episode);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // A place that came free while this batch held a waiting family's row passed it by (the panel
        // queue skips rows being changed): that family's change is this one, so it re-brokers now.
        foreach (var authority in rows.Where(r => r.Status == (int)EpisodeStatus.AwaitingLeadProfessional).Select(r => r.LocalAuthority).Distinct())
        {
            await using var retry = await db.Database.BeginTransactionAsync(cancellationToken);
            await leadProfessionals.RetryPanelQueueAsync(authority, "", cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await retry.CommitAsync(cancellationToken);
        }
        return rows.Count;
    }
}
