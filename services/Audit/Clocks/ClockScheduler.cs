using Google.Protobuf.WellKnownTypes;
using Mash.Audit.Data;
using Mash.Audit.Domain.Clocks;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mash.Audit.Clocks;

/// <summary>
/// Raises ClockAtRisk and ClockBreached when they fall due, whether or not any other event
/// arrives. Each pass claims the clocks with an alert due (FOR UPDATE SKIP LOCKED, so several
/// instances share the work), records the alert on the clock and puts the event in the outbox in
/// one transaction: each alert is raised exactly once. Between passes it sleeps until the next
/// alert falls due, or at most the poll interval, on the service's TimeProvider.
/// </summary>
public sealed class ClockScheduler(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<ClockOptions> options,
    ILogger<ClockScheduler> logger) : BackgroundService
{
    /// <summary>Audit itself, as the actor of the alerts it raises.</summary>
    public static Actor System => new() { Subject = "audit", Role = Role.System };

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        AlertLoop.RunAsync(PassAsync, clock, options.Value.PollInterval, logger, stoppingToken);

    /// <summary>Raises every alert due now (in batches); returns when the next one falls due.</summary>
    public async Task<DateTimeOffset?> PassAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        while (await RaiseBatchAsync(now, cancellationToken) == options.Value.BatchSize) { }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO clock_scheduler (id, last_pass_at) VALUES (1, {now})
            ON CONFLICT (id) DO UPDATE SET last_pass_at = excluded.last_pass_at
            """, cancellationToken);
        var atRisk = await Pending(db).Where(c => c.AtRiskRaisedAt == null).MinAsync(c => c.AtRiskAt, cancellationToken);
        var due = await Pending(db).MinAsync(c => c.DueAt, cancellationToken);
        return atRisk is null ? due : due is null ? atRisk : atRisk < due ? atRisk : due;
    }

    static IQueryable<ClockRecord> Pending(AuditDbContext db) => db.Clocks.AsNoTracking()
        .Where(c => c.RaisedByAudit && c.StartedAt != null && c.DueAt != null && c.StoppedAt == null && c.CancelledAt == null && c.BreachedRaisedAt == null);

    async Task<int> RaiseBatchAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var batch = await db.Clocks.FromSql($"""
            SELECT * FROM clocks
             WHERE raised_by_audit AND started_at IS NOT NULL AND due_at IS NOT NULL
               AND stopped_at IS NULL AND cancelled_at IS NULL AND breached_raised_at IS NULL
               AND (due_at <= {now} OR (at_risk_raised_at IS NULL AND at_risk_at <= {now}))
             ORDER BY least(due_at, at_risk_at), clock_id
             LIMIT {options.Value.BatchSize}
             FOR UPDATE SKIP LOCKED
            """).ToListAsync(cancellationToken);
        foreach (var row in batch)
        {
            foreach (var alert in row.Times().AlertsDue(now))
            {
                if (alert == ClockAlert.Breached)
                {
                    row.BreachedRaisedAt = now;
                    row.AtRiskRaisedAt ??= now;
                    db.AddEvent(new ClockBreached { Header = Header(row, row.DueAt!.Value), Clock = Details(row) }, clock);
                }
                else
                {
                    row.AtRiskRaisedAt = now;
                    db.AddEvent(new ClockAtRisk { Header = Header(row, row.AtRiskAt!.Value), Clock = Details(row) }, clock);
                }
                logger.LogInformation("Clock {ClockId} ({Kind}) {Alert}", row.ClockId, (ClockKind)row.Kind, alert);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return batch.Count;
    }

    /// <summary>
    /// The header of an event about a clock, by <paramref name="actor"/> (the system for alerts). An
    /// alert happened when the clock crossed the line, not when the pass noticed it.
    /// </summary>
    public static EventHeader Header(ClockRecord row, DateTimeOffset at, Actor? actor = null) => new()
    {
        EventId = Guid.CreateVersion7(at).ToString(),
        OccurredAt = Timestamp.FromDateTimeOffset(at),
        ContactId = row.ContactId,
        ChildId = row.ChildIds.Count == 1 ? row.ChildIds[0] : "",
        LocalAuthority = row.LocalAuthority,
        Actor = actor ?? System,
        CorrelationId = row.ContactId,
    };

    public static ClockDetails Details(ClockRecord row) => new()
    {
        ClockId = row.ClockId,
        Kind = (ClockKind)row.Kind,
        StartedAt = Timestamp.FromDateTimeOffset(row.StartedAt!.Value),
        DueAt = Timestamp.FromDateTimeOffset(row.DueAt!.Value),
        Rag = (Rag)row.Rag,
        Locality = row.Locality,
        SubjectId = row.SubjectId,
        HeldBy = row.HeldBy,
        AtRiskAt = row.AtRiskAt is { } atRisk ? Timestamp.FromDateTimeOffset(atRisk) : null,
    };
}
