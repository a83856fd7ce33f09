using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Events.V1;

namespace Mash.Audit.Messaging.Reports;

/// <summary>A report projection as the trail writer runs it: whatever its event type.</summary>
public interface IReportProjection
{
    /// <summary>Writes the event's columns; inside the writer's transaction, after the event's trail entry.</summary>
    Task ApplyAsync(IEvent @event, CancellationToken cancellationToken);
}

/// <summary>
/// Keeps a report projection up to date from one event type. Not a consumer: the trail writer
/// applies it in the transaction that appends the event to the trail (exactly once, the trail's
/// inbox claim). Tolerant of order: each writes its own columns, the latest event wins.
/// </summary>
public abstract class ReportProjection<TEvent>(ReportWrites writes, TimeProvider clock) : IReportProjection
    where TEvent : class, IMessage, IEvent
{
    protected ReportWrites Writes { get; } = writes;

    public Task ApplyAsync(IEvent @event, CancellationToken cancellationToken) => Handle((TEvent)@event, cancellationToken);

    /// <summary>The effect of the event: upserts through <see cref="Writes"/>, in the caller's transaction.</summary>
    protected abstract Task Handle(TEvent message, CancellationToken cancellationToken);

    /// <summary>When the event happened (clocks and guards run on this), or now for an event that does not say.</summary>
    protected DateTimeOffset OccurredAt(TEvent message) => At(message.Header.OccurredAt) ?? clock.GetUtcNow();

    protected static DateTimeOffset? At(Timestamp? timestamp) => timestamp?.ToDateTimeOffset();

    /// <summary>
    /// Writes one group of columns of a report_allocations row, keyed by the allocation id the
    /// allocation events always carry (their header need not name the child, and they may arrive
    /// before the allocation that names it).
    /// </summary>
    protected Task Allocation(string allocationId, string guard, DateTimeOffset at, IReadOnlyList<(string Column, object? Value)> values, CancellationToken cancellationToken) =>
        ReportRowColumns.UpsertAsync(Writes, "report_allocations", [("allocation_id", allocationId)], guard, at, values, cancellationToken);
}
