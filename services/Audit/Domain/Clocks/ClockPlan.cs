using Google.Protobuf.WellKnownTypes;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using K = Mash.Contracts.Common.V1.ClockKind;

namespace Mash.Audit.Domain.Clocks;

/// <summary>
/// Which event starts, stops or cancels which clock (one table for every clock), as the service
/// that owns each clock announces it: intake and thresholds the MASH decision and agency checks,
/// early help the lead professional clock, allocation a case's statutory clocks (each of its events
/// carries every clock of the case, which audit follows rather than works out again). Times are
/// the events' own: a child seen yesterday and recorded today stops the clock yesterday.
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

            ChildRouted e => [new StopClock(ClockIds.ForChild(K.MashDecision, contact, child), K.MashDecision, at,
                new ClockSubject(contact, [child], header.LocalAuthority, e.Locality, e.Rag))],

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

            CaseAllocated e => [.. CaseClocksOf(e.Clocks, header, e.AllocationId, at, e.Locality),
                new HoldClocks(CaseClocks, contact, child, e.WorkerId.Length > 0 ? e.WorkerId : e.TeamId, e.AllocationId, at)],
            AllocationQueued e => [.. CaseClocksOf(e.Clocks, header, e.AllocationId, at, e.Locality), new HoldClocks(CaseClocks, contact, child, e.TeamId, e.AllocationId, at)],
            StrategyDiscussionRecorded e => CaseClocksOf(e.Clocks, header, e.AllocationId, at),
            InitialConferenceRecorded e => CaseClocksOf(e.Clocks, header, e.AllocationId, at),
            ChildSeenRecorded e => CaseClocksOf(e.Clocks, header, e.AllocationId, at),
            AssessmentCompleted e => CaseClocksOf(e.Clocks, header, e.AllocationId, at),
            StepDownRequested e => CaseClocksOf(e.Clocks, header, e.AllocationId, at),
            CaseCorrected e => CaseClocksOf(e.Clocks, header, e.AllocationId, at),

            EarlyHelpEpisodeOpened e => EpisodeOpened(e, contact, header.LocalAuthority, at),
            // A change of lead professional does not restart the clock: only the first allocation stops it.
            LeadProfessionalAllocated e when e.PreviousLeadProfessionalId.Length == 0 =>
                [new StopClock(ClockIds.ForSubject(K.LeadProfessionalAllocated, e.EpisodeId), K.LeadProfessionalAllocated, at,
                    new ClockSubject(contact, [.. e.ChildIds], header.LocalAuthority, e.Locality, SubjectId: e.EpisodeId, HeldBy: e.LeadProfessionalId))],
            // Closed before anyone took the family on (consent declined, moved away): the clock no longer applies.
            EpisodeClosed e => [new CancelClock(ClockIds.ForSubject(K.LeadProfessionalAllocated, e.EpisodeId), K.LeadProfessionalAllocated, at,
                new ClockSubject(contact, [.. e.ChildIds], header.LocalAuthority, SubjectId: e.EpisodeId))],

            ClockAtRisk e when e.Clock?.Kind == K.LeadProfessionalAllocated => [OthersAlert(e.Clock, header, breached: false, at)],
            ClockBreached e when e.Clock?.Kind == K.LeadProfessionalAllocated => [OthersAlert(e.Clock, header, breached: true, at)],
            _ => [],
        };
    }

    /// <summary>
    /// A case's clocks as allocation announced them with one of the case's events: each starts (its
    /// start and due are allocation's, and never change) and, when the event says so, stops or no
    /// longer applies. Every event carries the whole set, so they apply in any order of arrival.
    /// A clock audit worked out itself for the case before allocation announced them (a case open
    /// across the upgrade) is retired by the case's own clock of its kind.
    /// </summary>
    static List<ClockChange> CaseClocksOf(IEnumerable<Clock> clocks, EventHeader header, string allocationId, DateTimeOffset at, string locality = "")
    {
        var subject = new ClockSubject(header.ContactId, [header.ChildId], header.LocalAuthority, locality, SubjectId: allocationId);
        var changes = new List<ClockChange>();
        foreach (var clock in clocks)
        {
            if (Instant(clock.StartedAt) is not { } started || Instant(clock.DueAt) is not { } due) continue;
            var id = ClockIds.ForSubject(clock.Kind, clock.ClockId);
            changes.Add(new StartClock(id, clock.Kind, subject, started, due));
            if (Instant(clock.StoppedAt) is { } stopped) changes.Add(new StopClock(id, clock.Kind, stopped, subject));
            else if (Instant(clock.CancelledAt) is { } cancelled) changes.Add(new CancelClock(id, clock.Kind, cancelled, subject));
        }
        if (header.ContactId.Length > 0)
            changes.AddRange(clocks.Select(c => c.Kind).Distinct().Select(kind => new RetireClock(ClockIds.ForChild(kind, header.ContactId, header.ChildId), kind, at)));
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
        changes.Add(new StopClock(id, K.AgencyCheckAnswered, at, subject));
        return changes;
    }

    List<ClockChange> EpisodeOpened(EarlyHelpEpisodeOpened e, string contact, string authority, DateTimeOffset at)
    {
        var routed = Instant(e.RoutedAt) ?? at;
        var due = Instant(e.LeadProfessionalDueAt) ?? calendar.For(authority).Deadline(routed, ClockAllowances.Defaults[K.LeadProfessionalAllocated]);
        return [new StartClock(ClockIds.ForSubject(K.LeadProfessionalAllocated, e.EpisodeId), K.LeadProfessionalAllocated,
            new ClockSubject(contact, [.. e.ChildIds], authority, e.Locality, SubjectId: e.EpisodeId), routed, due, RaisedByAudit: false)];
    }

    static RecordAlert OthersAlert(ClockDetails details, EventHeader header, bool breached, DateTimeOffset at) =>
        new(ClockIds.ForSubject(K.LeadProfessionalAllocated, details.SubjectId), K.LeadProfessionalAllocated,
            new ClockSubject(header.ContactId, header.ChildId.Length > 0 ? [header.ChildId] : [], header.LocalAuthority, details.Locality,
                details.Rag, details.SubjectId, details.HeldBy),
            Instant(details.StartedAt) ?? at, Instant(details.DueAt) ?? at, breached, at);

    static DateTimeOffset? Instant(Timestamp? t) => t is null ? null : t.ToDateTimeOffset();
}
