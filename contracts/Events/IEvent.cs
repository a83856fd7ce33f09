namespace Mash.Contracts.Events.V1;

/// <summary>
/// An event of mash.events.v1: every one carries an <see cref="EventHeader"/> as field 1. The outbox
/// and the consumers' inboxes key on its event id.
/// </summary>
public interface IEvent
{
    EventHeader Header { get; }
}

public static class EventExtensions
{
    /// <summary>The header's event id as a Guid; a missing or malformed id is a malformed event.</summary>
    public static Guid EventId(this IEvent @event) =>
        Guid.TryParse(@event.Header?.EventId, out var id)
            ? id
            : throw new FormatException($"{@event.GetType().Name} has no valid header.event_id");
}

public sealed partial class ContactReceived : IEvent;
public sealed partial class ContactInformationAdded : IEvent;
public sealed partial class ContactWithdrawn : IEvent;
public sealed partial class AgencyChecksRequested : IEvent;
public sealed partial class AgencyCheckCompleted : IEvent;
public sealed partial class RecordViewed : IEvent;
public sealed partial class ContactTriaged : IEvent;
public sealed partial class ChildTriaged : IEvent;
public sealed partial class DecisionRecorded : IEvent;
public sealed partial class DecisionCountersigned : IEvent;
public sealed partial class ChildRouted : IEvent;
public sealed partial class EarlyHelpEpisodeOpened : IEvent;
public sealed partial class EarlyHelpConsentRecorded : IEvent;
public sealed partial class LeadProfessionalAllocated : IEvent;
public sealed partial class EarlyHelpAssessmentRecorded : IEvent;
public sealed partial class StepUpRequested : IEvent;
public sealed partial class EpisodeClosed : IEvent;
public sealed partial class CaseAllocated : IEvent;
public sealed partial class AllocationQueued : IEvent;
public sealed partial class StepDownRequested : IEvent;
public sealed partial class StrategyDiscussionRecorded : IEvent;
public sealed partial class InitialConferenceRecorded : IEvent;
public sealed partial class ChildSeenRecorded : IEvent;
public sealed partial class AssessmentCompleted : IEvent;
public sealed partial class CaseCorrected : IEvent;
public sealed partial class ClockAtRisk : IEvent;
public sealed partial class ClockBreached : IEvent;
public sealed partial class ClockMissReasonRecorded : IEvent;
