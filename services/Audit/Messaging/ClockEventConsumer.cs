using Google.Protobuf;
using Mash.Audit.Clocks;
using Mash.Audit.Data;
using Mash.Audit.Domain.Clocks;
using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.Contracts.Events.V1;
using MassTransit;

namespace Mash.Audit.Messaging;

/// <summary>Starts, stops and cancels the clocks an event concerns (Domain/Clocks/ClockPlan).</summary>
public sealed class ClockEventConsumer<TEvent>(AuditDbContext db, ClockPlan plan, ClockBook book, TimeProvider clock)
    : InboxConsumer<TEvent, AuditDbContext>(db)
    where TEvent : class, IMessage, IEvent
{
    protected override Task Handle(TEvent message, CancellationToken cancellationToken) =>
        book.ApplyAsync(plan.For(message, clock.GetUtcNow()), cancellationToken);
}

/// <summary>
/// Clocks have their own queue, apart from the trail's: the trail's appends are serialised by the
/// chain lock, clock changes only per clock row.
/// </summary>
public sealed class ClockEventConsumerDefinition<TEvent> : ConsumerDefinition<ClockEventConsumer<TEvent>>
    where TEvent : class, IMessage, IEvent
{
    public ClockEventConsumerDefinition()
    {
        EndpointName = "audit-clocks";
        ConcurrentMessageLimit = 8;
    }
}

public static class ClockEventConsumer
{
    /// <summary>The events that start, stop or cancel a clock.</summary>
    public static readonly Type[] Events =
    [
        typeof(ContactReceived), typeof(ChildTriaged), typeof(ChildRouted), typeof(ContactWithdrawn),
        typeof(AgencyChecksRequested), typeof(AgencyCheckCompleted),
        typeof(StrategyDiscussionRecorded), typeof(InitialConferenceRecorded), typeof(ChildSeenRecorded), typeof(AssessmentCompleted),
        typeof(CaseAllocated), typeof(AllocationQueued),
        typeof(EarlyHelpEpisodeOpened), typeof(LeadProfessionalAllocated), typeof(EpisodeClosed),
        typeof(ClockAtRisk), typeof(ClockBreached),
    ];
}
