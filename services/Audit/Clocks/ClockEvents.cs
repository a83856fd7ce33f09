using Mash.Contracts.Events.V1;

namespace Mash.Audit.Clocks;

public static class ClockEvents
{
    /// <summary>The events that start, stop, cancel or hold a clock: the trail writer applies ClockPlan to these.</summary>
    public static readonly IReadOnlySet<Type> Types = new HashSet<Type>
    {
        typeof(ContactReceived), typeof(ChildTriaged), typeof(ChildRouted), typeof(ContactWithdrawn),
        typeof(AgencyChecksRequested), typeof(AgencyCheckCompleted),
        typeof(StrategyDiscussionRecorded), typeof(InitialConferenceRecorded), typeof(ChildSeenRecorded), typeof(AssessmentCompleted),
        typeof(CaseAllocated), typeof(AllocationQueued), typeof(StepDownRequested), typeof(CaseCorrected),
        typeof(EarlyHelpEpisodeOpened), typeof(LeadProfessionalAllocated), typeof(EpisodeClosed),
        typeof(ClockAtRisk), typeof(ClockBreached),
    };
}
