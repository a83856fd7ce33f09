using Google.Protobuf.WellKnownTypes;
using Mash.Audit.Domain.Clocks;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using NodaTime;
using Xunit;

namespace Mash.Audit.Tests.Domain;

/// <summary>Which event starts, stops and cancels which clock, with deadlines across Christmas 2026 (a weekend and three bank holidays).</summary>
public sealed class ClockPlanTests
{
    public static readonly WorkingCalendar Christmas = new([new LocalDate(2026, 12, 25), new LocalDate(2026, 12, 28), new LocalDate(2027, 1, 1)]);

    readonly ClockPlan _plan = new(Christmas);

    static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();

    static EventHeader Header(string at, string child = "") => new()
    {
        EventId = Guid.NewGuid().ToString(), OccurredAt = Timestamp.FromDateTimeOffset(At(at)), ContactId = "c-1", ChildId = child, LocalAuthority = "walsall",
    };

    [Fact]
    public void A_contact_starts_each_childs_decision_clock_due_in_one_working_day_until_the_rules_say()
    {
        var received = new ContactReceived
        {
            Header = Header("2026-12-24T15:00:05Z"),
            Facts = new ContactFacts { ReceivedAt = Timestamp.FromDateTimeOffset(At("2026-12-24T15:00:00Z")), Children = { new ChildFacts { ChildId = "a" }, new ChildFacts { ChildId = "b" } } },
        };
        var starts = _plan.For(received, At("2026-12-24T15:00:06Z")).Cast<StartClock>().ToList();
        Assert.Equal(["mash_decision/c-1/a", "mash_decision/c-1/b"], starts.Select(s => s.ClockId));
        // Thursday before Christmas: Friday 25th, the weekend and Monday 28th are not working days.
        Assert.All(starts, s => Assert.Equal((At("2026-12-24T15:00:00Z"), At("2026-12-30T00:00:00Z"), "walsall"), (s.StartedAt, s.DueAt, s.Subject.LocalAuthority)));

        var triaged = new ChildTriaged
        {
            Header = Header("2026-12-24T15:00:01Z", "a"), Evaluation = 2, Locality = "walsall-south",
            Recommendation = new Recommendation { Rag = Rag.Red, DecisionDeadline = Timestamp.FromDateTimeOffset(At("2026-12-24T19:00:00Z")) },
        };
        var deadline = Assert.IsType<SetDeadline>(Assert.Single(_plan.For(triaged, DateTimeOffset.UtcNow)));
        Assert.Equal(("mash_decision/c-1/a", At("2026-12-24T19:00:00Z"), 2, Rag.Red, "walsall-south"),
            (deadline.ClockId, deadline.DueAt, deadline.Evaluation, deadline.Subject.Rag, deadline.Subject.Locality));
    }

    [Fact]
    public void A_routing_stops_the_decision_clock_and_starts_no_case_clock_of_its_own()
    {
        var routed = new ChildRouted { Header = Header("2026-12-25T10:00:00Z", "a"), Pathway = Pathway.ChildProtection, Rag = Rag.Amber, Locality = "walsall-south" };
        var stop = Assert.IsType<StopClock>(Assert.Single(_plan.For(routed, DateTimeOffset.UtcNow)));
        Assert.Equal(("mash_decision/c-1/a", At("2026-12-25T10:00:00Z"), Rag.Amber, "walsall-south"), (stop.ClockId, stop.StoppedAt, stop.Subject.Rag, stop.Subject.Locality));
    }

    static Clock CaseClock(string id, ClockKind kind, string started, string due, string? stopped = null, string? cancelled = null)
    {
        var clock = new Clock { ClockId = id, Kind = kind, StartedAt = Timestamp.FromDateTimeOffset(At(started)), DueAt = Timestamp.FromDateTimeOffset(At(due)) };
        if (stopped is not null) clock.StoppedAt = Timestamp.FromDateTimeOffset(At(stopped));
        if (cancelled is not null) clock.CancelledAt = Timestamp.FromDateTimeOffset(At(cancelled));
        return clock;
    }

    [Fact]
    public void A_case_s_clocks_are_followed_as_allocation_announces_them_with_its_times_not_worked_out_again()
    {
        // Allocation's own times (here not what audit's calendar would give): audit takes them as they are.
        var allocated = new CaseAllocated
        {
            Header = Header("2026-12-29T09:00:00Z", "a"), AllocationId = "al-1", Locality = "walsall-south", TeamId = "t-1", WorkerId = "w-1",
            Clocks =
            {
                CaseClock("k-sd", ClockKind.StrategyDiscussion, "2026-12-29T08:00:00Z", "2026-12-30T00:00:00Z"),
                CaseClock("k-seen", ClockKind.ChildSeen, "2026-12-24T15:00:00Z", "2027-01-07T00:00:00Z"),
            },
        };
        var changes = _plan.For(allocated, DateTimeOffset.UtcNow);
        Assert.Equal(
            [("strategy_discussion/k-sd", At("2026-12-29T08:00:00Z"), At("2026-12-30T00:00:00Z")), ("child_seen/k-seen", At("2026-12-24T15:00:00Z"), At("2027-01-07T00:00:00Z"))],
            changes.OfType<StartClock>().Select(s => (s.ClockId, s.StartedAt, s.DueAt)));
        Assert.All(changes.OfType<StartClock>(), s => Assert.Equal(("c-1", "a", "walsall", "walsall-south", "al-1", true),
            (s.Subject.ContactId, s.Subject.Children.Single(), s.Subject.LocalAuthority, s.Subject.Locality, s.Subject.SubjectId, s.RaisedByAudit)));
        var hold = Assert.IsType<HoldClocks>(changes[^1]);
        Assert.Equal(("a", "c-1", "w-1", "al-1"), (hold.ChildId, hold.ContactId, hold.HeldBy, hold.SubjectId));
    }

    public static TheoryData<string> CaseEvents => ["strategy discussion", "conference", "child seen", "assessment", "step-down", "correction", "queued"];

    [Theory]
    [MemberData(nameof(CaseEvents))]
    public void Every_case_event_stops_and_cancels_what_allocation_stopped_and_cancelled(string name)
    {
        var header = Header("2027-01-04T12:00:00Z", "a");
        Clock[] clocks =
        [
            CaseClock("k-sd", ClockKind.StrategyDiscussion, "2026-12-29T08:00:00Z", "2026-12-30T00:00:00Z", stopped: "2026-12-29T16:00:00Z"),
            CaseClock("k-seen", ClockKind.ChildSeen, "2026-12-24T15:00:00Z", "2027-01-07T00:00:00Z", cancelled: "2027-01-04T12:00:00Z"),
            CaseClock("k-icpc", ClockKind.InitialChildProtectionConference, "2026-12-29T16:00:00Z", "2027-01-21T00:00:00Z"),
        ];
        IEvent @event = name switch
        {
            "strategy discussion" => new StrategyDiscussionRecorded { Header = header, AllocationId = "al-1", Clocks = { clocks } },
            "conference" => new InitialConferenceRecorded { Header = header, AllocationId = "al-1", Clocks = { clocks } },
            "child seen" => new ChildSeenRecorded { Header = header, AllocationId = "al-1", Clocks = { clocks } },
            "assessment" => new AssessmentCompleted { Header = header, AllocationId = "al-1", Clocks = { clocks } },
            "step-down" => new StepDownRequested { Header = header, AllocationId = "al-1", Clocks = { clocks } },
            "correction" => new CaseCorrected { Header = header, AllocationId = "al-1", Pathway = Pathway.EarlyHelp, Closed = true, Clocks = { clocks } },
            _ => new AllocationQueued { Header = header, AllocationId = "al-1", Clocks = { clocks } },
        };
        var changes = _plan.For(@event, DateTimeOffset.UtcNow).Where(c => c is not HoldClocks).ToList();
        Assert.Equal(["strategy_discussion/k-sd", "child_seen/k-seen", "initial_child_protection_conference/k-icpc"], changes.OfType<StartClock>().Select(s => s.ClockId));
        var stop = Assert.Single(changes.OfType<StopClock>());
        Assert.Equal(("strategy_discussion/k-sd", At("2026-12-29T16:00:00Z"), "al-1"), (stop.ClockId, stop.StoppedAt, stop.Subject.SubjectId));
        var cancel = Assert.Single(changes.OfType<CancelClock>());
        Assert.Equal(("child_seen/k-seen", At("2027-01-04T12:00:00Z")), (cancel.ClockId, cancel.At));
        // A case open across the upgrade: the clocks audit once worked out itself give way to the case's own.
        Assert.Equal(["strategy_discussion/c-1/a", "child_seen/c-1/a", "initial_child_protection_conference/c-1/a"], changes.OfType<RetireClock>().Select(r => r.ClockId));
        Assert.All(changes.OfType<RetireClock>(), r => Assert.Equal(At("2027-01-04T12:00:00Z"), r.At));
    }

    [Fact]
    public void Agency_checks_run_from_the_request_to_the_deadline_the_request_set()
    {
        var requested = new AgencyChecksRequested
        {
            Header = Header("2026-12-24T15:30:00Z"), ChildIds = { "a", "b" }, Rag = Rag.Amber,
            Checks =
            {
                new AgencyCheckRef { CheckId = "k-1", Agency = "wmp", DueAt = Timestamp.FromDateTimeOffset(At("2026-12-29T15:00:00Z")) },
                new AgencyCheckRef { CheckId = "k-2", Agency = "health", DueAt = Timestamp.FromDateTimeOffset(At("2026-12-29T15:00:00Z")) },
            },
        };
        var starts = _plan.For(requested, DateTimeOffset.UtcNow).Cast<StartClock>().ToList();
        Assert.Equal([("agency_check_answered/k-1", "wmp"), ("agency_check_answered/k-2", "health")], starts.Select(s => (s.ClockId, s.Subject.HeldBy)));
        Assert.All(starts, s => Assert.Equal((At("2026-12-24T15:30:00Z"), At("2026-12-29T15:00:00Z"), Rag.Amber), (s.StartedAt, s.DueAt, s.Subject.Rag)));

        // An answer carries the request's times: it can start the clock it stops when it arrives first.
        var answered = new AgencyCheckCompleted
        {
            Header = Header("2026-12-30T09:00:00Z"), CheckId = "k-1", Agency = "wmp", ChildIds = { "a" },
            RequestedAt = Timestamp.FromDateTimeOffset(At("2026-12-24T15:30:00Z")), DueAt = Timestamp.FromDateTimeOffset(At("2026-12-29T15:00:00Z")),
        };
        var changes = _plan.For(answered, DateTimeOffset.UtcNow);
        Assert.Equal((typeof(StartClock), typeof(StopClock)), (changes[0].GetType(), changes[1].GetType()));
        Assert.Equal(At("2026-12-30T09:00:00Z"), ((StopClock)changes[1]).StoppedAt);
    }

    [Fact]
    public void A_withdrawal_cancels_the_childrens_decision_clocks_and_the_contacts_agency_checks()
    {
        var changes = _plan.For(new ContactWithdrawn { Header = Header("2026-12-24T16:00:00Z"), ChildIds = { "a" } }, DateTimeOffset.UtcNow);
        Assert.Equal("mash_decision/c-1/a", Assert.IsType<CancelClock>(changes[0]).ClockId);
        Assert.Equal((ClockKind.AgencyCheckAnswered, "c-1"), (Assert.IsType<CancelContactClocks>(changes[1]).Kind, ((CancelContactClocks)changes[1]).ContactId));
    }

    [Fact]
    public void The_lead_professional_clock_is_recorded_but_its_alerts_are_early_helps()
    {
        var opened = new EarlyHelpEpisodeOpened
        {
            Header = Header("2026-12-24T10:00:00Z"), EpisodeId = "e-1", ChildIds = { "a" }, Locality = "walsall-north",
            RoutedAt = Timestamp.FromDateTimeOffset(At("2026-12-24T10:00:00Z")), LeadProfessionalDueAt = Timestamp.FromDateTimeOffset(At("2026-12-31T10:00:00Z")),
        };
        var start = Assert.IsType<StartClock>(Assert.Single(_plan.For(opened, DateTimeOffset.UtcNow)));
        Assert.Equal(("lead_professional_allocated/e-1", At("2026-12-31T10:00:00Z"), false), (start.ClockId, start.DueAt, start.RaisedByAudit));

        var alert = new ClockBreached
        {
            Header = Header("2026-12-31T10:00:00Z"),
            Clock = new ClockDetails { ClockId = "eh-clock-9", Kind = ClockKind.LeadProfessionalAllocated, SubjectId = "e-1", StartedAt = opened.RoutedAt, DueAt = opened.LeadProfessionalDueAt },
        };
        var recorded = Assert.IsType<RecordAlert>(Assert.Single(_plan.For(alert, DateTimeOffset.UtcNow)));
        Assert.Equal(("lead_professional_allocated/e-1", true), (recorded.ClockId, recorded.Breached));
        // Audit's own alerts (every other kind) change nothing: the scheduler stored them when it raised them.
        Assert.Empty(_plan.For(new ClockBreached { Header = Header("2026-12-31T10:00:00Z"), Clock = new ClockDetails { Kind = ClockKind.ChildSeen } }, DateTimeOffset.UtcNow));
        Assert.Empty(_plan.For(new LeadProfessionalAllocated { Header = Header("2027-01-05T10:00:00Z"), EpisodeId = "e-1", PreviousLeadProfessionalId = "lp-1" }, DateTimeOffset.UtcNow));
        Assert.IsType<CancelClock>(Assert.Single(_plan.For(new EpisodeClosed { Header = Header("2027-01-05T10:00:00Z"), EpisodeId = "e-1" }, DateTimeOffset.UtcNow)));
    }
}
