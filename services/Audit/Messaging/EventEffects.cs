using Mash.Audit.Clocks;
using Mash.Audit.Domain.Clocks;
using Mash.Audit.Messaging.Reports;
using Mash.Contracts.Events.V1;

namespace Mash.Audit.Messaging;

/// <summary>
/// What an event changes beside its trail entry: its clocks (ClockPlan, then ClockBook, which locks
/// each clock row it changes) and its report projections. Runs in the trail writer's transaction,
/// on the writer's AuditDbContext, once per event the trail records for the first time.
/// </summary>
public sealed class EventEffects(ClockPlan plan, ClockBook book, ReportProjections projections, ReportWrites reports, IServiceProvider services)
{
    /// <summary>
    /// For a group of events: clock rows and report writes wait for <see cref="FlushAsync"/>, one
    /// round trip each for the whole group, instead of going after each event.
    /// </summary>
    public bool Deferred
    {
        get => book.DeferSaves;
        set => (book.DeferSaves, reports.Deferred) = (value, value);
    }

    /// <summary>What waits (<see cref="Deferred"/>): the changed clock rows, then the report writes.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        try { await book.SaveAsync(cancellationToken); }
        catch (Exception ex) when (ex is not OperationCanceledException) { throw new EffectFailedException("clocks", ex); }
        try { await reports.FlushAsync(cancellationToken); }
        catch (Exception ex) when (ex is not OperationCanceledException) { throw new EffectFailedException("report projections", ex); }
    }

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
            try { await book.ApplyAsync(plan.For(@event, now), cancellationToken); }
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
