using Google.Protobuf.WellKnownTypes;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using K = Mash.Contracts.Common.V1.ClockKind;

namespace Mash.Audit.Domain.Clocks;

/// <summary>
/// Which event starts, stops or cancels which clock (one table for every clock), on the working-day
/// calendar. Times are the events' own: a child seen yesterday and recorded today stops the clock
/// yesterday.
/// </summary>
public sealed class ClockPlan(WorkingCalendar calendar)
{
    /// <summary>Until the rules set the MASH decision deadline, one working day (the longest a referral decision may take).</summary>
    public static readonly Allowance ProvisionalDecisionAllowance = new(WorkingDays: 1);

    /// <summary>The clocks of a child's social care case (routing and strategy discussion start them).</summary>
    public static readonly IReadOnlyList<ClockKind> CaseClocks = [K.StrategyDiscussion, K.ChildSeen, K.AssessmentCompleted, K.InitialChildProtectionConference];

    /// <summary>Kinds audit raises alerts for: all but the lead professional clock, which Early Help runs and alerts on.</summary>
    public static bool RaisedByAudit(ClockKind kind) => kind != K.LeadProfessionalAllocated;

    /// <param name="now">When audit received the event: the time of an event that does not say when it happened.</param>
    public IReadOnlyList<ClockChange> For(IEvent @event, DateTimeOffset now)
    {
        var header = @event.Header ?? new EventHeader();
        var at = Instant(header.OccurredAt) ?? now;
        var contact = header.ContactId;
        var child = header.ChildId;
        return @event switch
        {
            ContactReceived e => e.Facts.Children.Where(c => c.ChildId.Length > 0).Select(c =>
            {
                var start = Instant(e.Facts.ReceivedAt) ?? at;
                return (ClockChange)new StartClock(ClockIds.ForChild(K.MashDecision, contact, c.ChildId), K.MashDecision,
                    new ClockSubject(contact, [c.ChildId], header.LocalAuthority), start,
                    calendar.Deadline(start, ProvisionalDecisionAllowance), ProvisionalDue: true);
            }).ToList(),

            ChildTriaged e when Instant(e.Recommendation?.DecisionDeadline) is { } due =>
                [new SetDeadline(ClockIds.ForChild(K.MashDecision, contact, child), K.MashDecision,
                    new ClockSubject(contact, [child], header.LocalAuthority, e.Locality, e.Recommendation!.Rag), due, e.Evaluation)],

            ChildRouted e => Routed(e, contact, child, at),

            ContactWithdrawn e when e.ChildIds.Count == 0 =>
                [new CancelContactClocks(K.MashDecision, contact, at), new CancelContactClocks(K.AgencyCheckAnswered, contact, at)],
            ContactWithdrawn e =>
            [
                .. e.ChildIds.Select(c => new CancelClock(ClockIds.ForChild(K.MashDecision, contact, c), K.MashDecision, at,
                    new ClockSubject(contact, [c], header.LocalAuthority))),
                new CancelContactClocks(K.AgencyCheckAnswered, contact, at),
            ],

            AgencyChecksRequested e => e.Checks.Where(c => c.DueAt is not null).Select(c => (ClockChange)new StartClock(
                ClockIds.ForSubject(K.AgencyCheckAnswered, c.CheckId), K.AgencyCheckAnswered,
                new ClockSubject(contact, [.. e.ChildIds], header.LocalAuthority, "", e.Rag, c.CheckId, c.Agency), at, c.DueAt.ToDateTimeOffset())).ToList(),

            AgencyCheckCompleted e => CheckAnswered(e, contact, header.LocalAuthority, at),

            StrategyDiscussionRecorded e => StrategyDiscussionHeld(e, contact, child, header.LocalAuthority, Instant(e.HeldAt) ?? at),
            InitialConferenceRecorded e => [Stop(K.InitialChildProtectionConference, contact, child, Instant(e.HeldAt) ?? at, e.AllocationId)],
            ChildSeenRecorded e => [Stop(K.ChildSeen, contact, child, Instant(e.SeenAt) ?? at, e.AllocationId)],
            AssessmentCompleted e => [Stop(K.AssessmentCompleted, contact, child, Instant(e.CompletedAt) ?? at, e.AllocationId)],
            CaseAllocated e => [new HoldClocks(CaseClocks, contact, child, e.WorkerId.Length > 0 ? e.WorkerId : e.TeamId, e.AllocationId, at)],
            AllocationQueued e => [new HoldClocks(CaseClocks, contact, child, e.TeamId, e.AllocationId, at)],

            EarlyHelpEpisodeOpened e => EpisodeOpened(e, contact, header.LocalAuthority, at),
            // A change of lead professional does not restart the clock: only the first allocation stops it.
            LeadProfessionalAllocated e when e.PreviousLeadProfessionalId.Length == 0 =>
                [new StopClock(ClockIds.ForSubject(K.LeadProfessionalAllocated, e.EpisodeId), K.LeadProfessionalAllocated, "", at,
                    new ClockSubject(contact, [.. e.ChildIds], header.LocalAuthority, e.Locality, SubjectId: e.EpisodeId, HeldBy: e.LeadProfessionalId))],
            // Closed before anyone took the family on (consent declined, moved away): the clock no longer applies.
            EpisodeClosed e => [new CancelClock(ClockIds.ForSubject(K.LeadProfessionalAllocated, e.EpisodeId), K.LeadProfessionalAllocated, at,
                new ClockSubject(contact, [.. e.ChildIds], header.LocalAuthority, SubjectId: e.EpisodeId))],

            ClockAtRisk e when e.Clock?.Kind == K.LeadProfessionalAllocated => [OthersAlert(e.Clock, header, breached: false, at)],
            ClockBreached e when e.Clock?.Kind == K.LeadProfessionalAllocated => [OthersAlert(e.Clock, header, breached: true, at)],
            _ => [],
        };
    }

    List<ClockChange> Routed(ChildRouted e, string contact, string child, DateTimeOffset at)
    {
        var subject = new ClockSubject(contact, [child], e.Header.LocalAuthority, e.Locality);
        var starts = ClockAllowances.StartedByRouting(e.Pathway, ClockAllowances.Unborn(e));
        var changes = new List<ClockChange>
        {
            new StopClock(ClockIds.ForChild(K.MashDecision, contact, child), K.MashDecision, child, at, subject with { Rag = e.Rag }),
        };
        var referred = Instant(e.ReferredAt);
        changes.AddRange(starts.Select(kind =>
        {
            var start = ClockAllowances.StartOf(kind, at, referred);
            return new StartClock(ClockIds.ForChild(kind, contact, child), kind, subject, start, calendar.Deadline(start, ClockAllowances.Defaults[kind]));
        }));
        // A corrected routing: the earlier routing's clocks that the new pathway does not have stop applying.
        changes.AddRange(CaseClocks.Except(starts).Select(kind =>
            new CancelClock(ClockIds.ForChild(kind, contact, child), kind, at, subject, StartedBefore: at)));
        return changes;
    }

    static List<ClockChange> CheckAnswered(AgencyCheckCompleted e, string contact, string authority, DateTimeOffset at)
    {
        var id = ClockIds.ForSubject(K.AgencyCheckAnswered, e.CheckId);
        var subject = new ClockSubject(contact, [.. e.ChildIds], authority, "", Rag.Unspecified, e.CheckId, e.Agency);
        var changes = new List<ClockChange>();
        // The answer says when the check was asked and when it was due: enough to start the clock if the request is not here yet.
        if (Instant(e.RequestedAt) is { } requested && Instant(e.DueAt) is { } due)
            changes.Add(new StartClock(id, K.AgencyCheckAnswered, subject, requested, due));
        changes.Add(new StopClock(id, K.AgencyCheckAnswered, "", at, subject));
        return changes;
    }

    List<ClockChange> StrategyDiscussionHeld(StrategyDiscussionRecorded e, string contact, string child, string authority, DateTimeOffset held)
    {
        var changes = new List<ClockChange> { Stop(K.StrategyDiscussion, contact, child, held, e.AllocationId) };
        if (e.Outcome == StrategyOutcome.Section47Enquiry)
            changes.Add(new StartClock(ClockIds.ForChild(K.InitialChildProtectionConference, contact, child), K.InitialChildProtectionConference,
                new ClockSubject(contact, [child], authority, SubjectId: e.AllocationId), held,
                calendar.Deadline(held, ClockAllowances.Defaults[K.InitialChildProtectionConference])));
        return changes;
    }

    List<ClockChange> EpisodeOpened(EarlyHelpEpisodeOpened e, string contact, string authority, DateTimeOffset at)
    {
        var routed = Instant(e.RoutedAt) ?? at;
        var due = Instant(e.LeadProfessionalDueAt) ?? calendar.Deadline(routed, ClockAllowances.Defaults[K.LeadProfessionalAllocated]);
        return [new StartClock(ClockIds.ForSubject(K.LeadProfessionalAllocated, e.EpisodeId), K.LeadProfessionalAllocated,
            new ClockSubject(contact, [.. e.ChildIds], authority, e.Locality, SubjectId: e.EpisodeId), routed, due, RaisedByAudit: false)];
    }

    /// <summary>Stops a child's clock: the contact's when the event names it, else the child's latest running one.</summary>
    static StopClock Stop(ClockKind kind, string contact, string child, DateTimeOffset at, string allocationId) =>
        new(contact.Length > 0 ? ClockIds.ForChild(kind, contact, child) : null, kind, child, at, new ClockSubject(contact, [child], SubjectId: allocationId));

    static RecordAlert OthersAlert(ClockDetails details, EventHeader header, bool breached, DateTimeOffset at) =>
        new(ClockIds.ForSubject(K.LeadProfessionalAllocated, details.SubjectId), K.LeadProfessionalAllocated,
            new ClockSubject(header.ContactId, header.ChildId.Length > 0 ? [header.ChildId] : [], header.LocalAuthority, details.Locality,
                details.Rag, details.SubjectId, details.HeldBy),
            Instant(details.StartedAt) ?? at, Instant(details.DueAt) ?? at, breached, at);

    static DateTimeOffset? Instant(Timestamp? t) => t is null ? null : t.ToDateTimeOffset();
}
