using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mash.Audit.Data;
using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.Contracts.Events.V1;
using MassTransit;

namespace Mash.Audit.Messaging.Reports;

/// <summary>
/// A consumer that keeps a report projection up to date from one event type. Exactly once per
/// event (the inbox); tolerant of order (each writes its own columns, latest event wins).
/// </summary>
public abstract class ReportProjection<TEvent>(AuditDbContext db, TimeProvider clock) : InboxConsumer<TEvent, AuditDbContext>(db)
    where TEvent : class, IMessage, IEvent
{
    /// <summary>When the event happened (clocks and guards run on this), or now for an event that does not say.</summary>
    protected DateTimeOffset OccurredAt(TEvent message) => At(message.Header.OccurredAt) ?? clock.GetUtcNow();

    protected static DateTimeOffset? At(Timestamp? timestamp) => timestamp?.ToDateTimeOffset();

    /// <summary>
    /// Writes one group of columns of a report_allocations row, keyed by the allocation id the
    /// allocation events always carry (their header need not name the child, and they may arrive
    /// before the allocation that names it).
    /// </summary>
    protected Task Allocation(string allocationId, string guard, DateTimeOffset at, IReadOnlyList<(string Column, object? Value)> values, CancellationToken cancellationToken) =>
        ReportRowColumns.UpsertAsync(Db, "report_allocations", [("allocation_id", allocationId)], guard, at, values, cancellationToken);
}

/// <summary>
/// Every report projection shares the "audit-reports" queue: its own, apart from the trail's
/// single "audit-trail" stream, so rebuilding or a slow report query never delays or reorders the trail.
/// </summary>
public sealed class ReportProjectionDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    public const string Queue = "audit-reports";

    public ReportProjectionDefinition() => EndpointName = Queue;
}

public static class ReportProjectionRegistration
{
    /// <summary>Registers every <see cref="ReportProjection{TEvent}"/> of this assembly on the reports queue.</summary>
    public static void AddReportProjections(this IBusRegistrationConfigurator bus)
    {
        var projections = typeof(ReportProjection<>).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true, BaseType.IsGenericType: true } && t.BaseType.GetGenericTypeDefinition() == typeof(ReportProjection<>));
        foreach (var type in projections)
            bus.AddConsumer(type, typeof(ReportProjectionDefinition<>).MakeGenericType(type));
    }
}
