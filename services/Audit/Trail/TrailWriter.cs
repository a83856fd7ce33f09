using Mash.Audit.Checkpoints;
using Google.Protobuf;
using Mash.Audit.Data;
using Mash.Audit.Messaging;
using Mash.BuildingBlocks.Data;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.Contracts.Events.V1;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Mash.Audit.Trail;

/// <summary>
/// Group commit for the trail, and with it everything else an event changes in audit. The chain is
/// one sequence, so appends are serialised; one transaction per event held the chain lock for five
/// round trips and a commit each and capped the whole pipeline (see tests/Mash.Load/results). Trail
/// consumers hand their delivery's events here and wait (several when thresholds sent them as one
/// message); one writer takes every event waiting, records each in the inbox and appends them all in
/// one transaction under one hold of the lock, applies each new
/// event's clock changes and report projections (<see cref="EventEffects"/>) in that same
/// transaction, commits, and only then lets the consumers acknowledge: one delivery and at most one
/// commit per event, where three queues took three of each (issue 18).
/// Exactly-once holds as before: an event's inbox row, its entry and its effects commit together, a
/// redelivered copy finds its inbox row and is dropped, and a copy in flight elsewhere blocks on
/// the inbox's unique key until that transaction ends. An effect that throws never costs the trail
/// its entry: the group is written again with each event's effects in a savepoint, and an effect
/// that still fails is rolled back to it, logged and recorded in audit_side_effect_failures. When a
/// group fails otherwise, each delivery's events are retried alone, so one bad event fails only its
/// own delivery. At low load a group is one event: nothing waits for a batch to fill.
/// </summary>
public sealed class TrailWriter(IServiceScopeFactory scopes, CheckpointTrigger checkpoints, TimeProvider clock, ILogger<TrailWriter> logger)
    : GroupCommit<TrailWriter.Pending>(logger, MaxGroup)
{
    /// <summary>
    /// The inbox name trail consumers have always recorded under, now the only one audit claims
    /// events under: copies recorded before group commit are still dropped.
    /// </summary>
    public const string InboxConsumer = "RecordEventConsumer`1";

    /// <summary>The most events one transaction appends.</summary>
    public const int MaxGroup = 256;

    /// <summary>The events of one delivery, in trail order: they commit together, or fail together.</summary>
    public sealed record Pending(IReadOnlyList<IEvent> Events);

    protected override string ItemsName => "deliveries";

    /// <summary>Appends the events to the trail once each (a copy already recorded is dropped), in order; returns when committed.</summary>
    public Task AppendAsync(IReadOnlyList<IEvent> events, CancellationToken cancellationToken) =>
        CommitAsync(new Pending(events), cancellationToken);

    /// <summary>
    /// Writes the group, its effects without savepoints (two statements each would be spent on every
    /// event for the rare one that fails); when an effect fails, the whole group again with them.
    /// </summary>
    protected override async Task WriteGroupAsync(IReadOnlyList<Pending> group, CancellationToken cancellationToken)
    {
        try
        {
            await WriteAsync(group, EffectsIn.Group, cancellationToken);
        }
        catch (EffectFailedException failed) when (!cancellationToken.IsCancellationRequested)
        {
            Logger.LogInformation("An effect ({What}) failed in a trail group of {Count} events; writing it again with a savepoint per event", failed.What, group.Count);
            await WriteAsync(group, EffectsIn.Savepoints, cancellationToken);
        }
    }

    protected override Task WriteAloneAsync(Pending item, CancellationToken cancellationToken) => WriteAsync([item], EffectsIn.Savepoints, cancellationToken);

    enum EffectsIn { Group, Savepoints }

    async Task WriteAsync(IReadOnlyList<Pending> group, EffectsIn mode, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
        var trail = scope.ServiceProvider.GetRequiredService<TrailAppender>();
        var effects = scope.ServiceProvider.GetRequiredService<EventEffects>();
        effects.Deferred = mode == EffectsIn.Group;
        // A failure is rolled back whole or to the writer's own savepoint, never continued: the
        // savepoints EF would wrap each SaveChanges in are two round trips for nothing.
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // In the order the consumers handed them over; a second copy in the same group is dropped like any other.
            var toAppend = await InboxClaims.ClaimAsync(db, [.. group.SelectMany(p => p.Events)], e => e.EventId(), InboxConsumer, cancellationToken);
            await trail.AppendAsync(toAppend, cancellationToken);
            var now = clock.GetUtcNow();
            if (mode == EffectsIn.Group) await effects.LockAheadAsync(toAppend, now, cancellationToken);
            foreach (var @event in toAppend)
            {
                if (mode == EffectsIn.Group) await effects.ApplyAsync(@event, now, cancellationToken);
                else await ApplyInSavepointAsync(db, transaction, effects, @event, now, cancellationToken);
            }
            await effects.FlushAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            checkpoints.Appended(toAppend.Count);
        }
        finally { db.ChangeTracker.Clear(); }
    }

    /// <summary>
    /// The event's effects, undone alone when they fail: the trail entry and the other events'
    /// effects stand, and the failure is logged (ids and type only) and recorded. A transient fault
    /// (a deadlock with the clock scheduler, a lost connection) fails the write instead, so the
    /// event comes back and its effects are applied then.
    /// </summary>
    async Task ApplyInSavepointAsync(AuditDbContext db, IDbContextTransaction transaction, EventEffects effects, IEvent @event,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string savepoint = "event_effects";
        await transaction.CreateSavepointAsync(savepoint, cancellationToken);
        try
        {
            await effects.ApplyAsync(@event, now, cancellationToken);
            await transaction.ReleaseSavepointAsync(savepoint, cancellationToken);
        }
        catch (EffectFailedException failed) when (!StartupRetry.IsTransient(failed))
        {
            await transaction.RollbackToSavepointAsync(savepoint, cancellationToken);
            // Entities the rolled-back effects changed must not be saved by a later event; the
            // next event finds its clock rows again (locked by this transaction already).
            db.ChangeTracker.Clear();
            var (eventId, eventType) = (@event.EventId(), ((IMessage)@event).Descriptor.FullName);
            Logger.LogWarning("The {What} of event {EventId} ({EventType}) failed ({Error}); its trail entry stands, the failure is in {Table}",
                failed.What, eventId, eventType, failed.InnerException?.GetType().Name, SideEffectFailures.Table);
            await SideEffectFailures.RecordAsync(db, eventId, eventType, failed, cancellationToken);
        }
    }
}
