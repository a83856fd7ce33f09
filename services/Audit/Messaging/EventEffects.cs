using Mash.Audit.Clocks;
using Mash.Audit.Data;
using Mash.Audit.Domain.Clocks;
using Mash.Audit.Messaging.Reports;
using Mash.Contracts.Events.V1;

namespace Mash.Audit.Messaging;

/// <summary>
/// What an event changes beside its trail entry: its clocks (ClockPlan, then ClockBook, which locks
/// each clock row it changes) and its report projections. Runs in the trail writer's transaction,
/// on the writer's AuditDbContext, once per event the trail records for the first time.
/// </summary>
public sealed class EventEffects(AuditDbContext db, ClockPlan plan, ClockBook book, ReportProjections projections, IServiceProvider services)
{
    /// <summary>
    /// Before a group's effects: locks every clock row and case the group's clock changes will touch,
    /// in a few round trips for the group (<see cref="ClockBook.LockAheadAsync"/>).
    /// </summary>
    public async Task LockAheadAsync(IEnumerable<IEvent> events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try { await book.LockAheadAsync(events.Where(e => ClockEvents.Types.Contains(e.GetType())).SelectMany(e => plan.For(e, now)), cancellationToken); }
        catch (Exception ex) when (ex is not OperationCanceledException) { throw new EffectFailedException("clocks", ex); }
    }

    /// <param name="now">When audit received the event: the time of a clock change whose event does not say.</param>
    public async Task ApplyAsync(IEvent @event, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (ClockEvents.Types.Contains(@event.GetType()))
        {
            try
            {
                await book.ApplyAsync(plan.For(@event, now), cancellationToken);
                // Saved per event, as each had its own transaction before: the next event's SQL
                // (a hold, a cancellation by contact) must see this one's clock rows.
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException) { throw new EffectFailedException("clocks", ex); }
        }
        foreach (var type in projections.For(@event))
        {
            try { await ((IReportProjection)services.GetRequiredService(type)).ApplyAsync(@event, cancellationToken); }
            catch (Exception ex) when (ex is not OperationCanceledException) { throw new EffectFailedException(type.Name, ex); }
        }
    }
}

/// <summary>An effect of an event failed; <see cref="What"/> names it ("clocks" or the projection).</summary>
public sealed class EffectFailedException(string what, Exception inner) : Exception($"The {what} of an event failed", inner)
{
    public string What { get; } = what;
}
