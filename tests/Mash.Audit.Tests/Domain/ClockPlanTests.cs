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
    public void Routing_to_child_protection_on_a_bank_holiday_stops_the_decision_clock_and_starts_the_case_clocks_from_the_next_working_day()
    {
        var routed = new ChildRouted { Header = Header("2026-12-25T10:00:00Z", "a"), Pathway = Pathway.ChildProtection, Rag = Rag.Amber, Locality = "walsall-south" };
        var changes = _plan.For(routed, DateTimeOffset.UtcNow);

        var stop = Assert.Single(changes.OfType<StopClock>());
        Assert.Equal(("mash_decision/c-1/a", At("2026-12-25T10:00:00Z"), Rag.Amber), (stop.ClockId, stop.StoppedAt, stop.Subject.Rag));
        Assert.Equal(
            [
                ("strategy_discussion/c-1/a", At("2026-12-30T00:00:00Z")),      // the whole of Tuesday 29th, the first working day
                ("child_seen/c-1/a", At("2027-01-06T00:00:00Z")),               // 5 working days after the 29th, skipping New Year's Day
                ("assessment_completed/c-1/a", At("2027-03-03T00:00:00Z")),     // 45 working days
            ],
            changes.OfType<StartClock>().Select(s => (s.ClockId, s.DueAt)));
        Assert.All(changes.OfType<StartClock>(), s => Assert.Equal((At("2026-12-25T10:00:00Z"), "walsall-south", true), (s.StartedAt, s.Subject.Locality, s.RaisedByAudit)));
        // A later re-routing of the same child (a correction) ends the clocks the new pathway does not have.
        Assert.Equal(["initial_child_protection_conference/c-1/a"], changes.OfType<CancelClock>().Select(c => c.ClockId));
        Assert.Equal(
            ["strategy_discussion/c-1/a", "initial_child_protection_conference/c-1/a"],
            _plan.For(new ChildRouted { Header = Header("2026-12-29T10:00:00Z", "a"), Pathway = Pathway.ChildInNeed }, DateTimeOffset.UtcNow)
                .OfType<CancelClock>().Select(c => c.ClockId));
        Assert.Empty(_plan.For(new ChildRouted { Header = Header("2026-12-29T10:00:00Z", "a"), Pathway = Pathway.EarlyHelp }, DateTimeOffset.UtcNow).OfType<StartClock>());
    }

    [Fact]
    public void Child_seen_and_assessment_count_from_the_point_of_referral_and_the_strategy_discussion_from_the_routing()
    {
        // Received on Christmas Eve at 15:00, routed to child protection on Tuesday 29th at 11:00.
        var routed = new ChildRouted
        {
            Header = Header("2026-12-29T11:00:00Z", "a"), Pathway = Pathway.ChildProtection, Rag = Rag.Amber,
            ReferredAt = Timestamp.FromDateTimeOffset(At("2026-12-24T15:00:00Z")),
        };
        Assert.Equal(
            [
                ("strategy_discussion/c-1/a", At("2026-12-29T11:00:00Z"), At("2026-12-30T00:00:00Z")),
                // From the 24th: 29, 30, 31 December, 4 and 5 January (from the routing it would be the 6th).
                ("child_seen/c-1/a", At("2026-12-24T15:00:00Z"), At("2027-01-06T00:00:00Z")),
                ("assessment_completed/c-1/a", At("2026-12-24T15:00:00Z"), At("2027-03-03T00:00:00Z")),
            ],
            _plan.For(routed, DateTimeOffset.UtcNow).OfType<StartClock>().Select(s => (s.ClockId, s.StartedAt, s.DueAt)));
    }

    [Fact]
    public void An_unborn_child_routed_to_child_protection_gets_no_child_seen_clock()
    {
        var routed = new ChildRouted
        {
            Header = Header("2026-12-29T11:00:00Z", "a"), Pathway = Pathway.ChildProtection, Rag = Rag.Amber,
            ExpectedDateOfBirth = new Date { Year = 2027, Month = 3, Day = 1 },
        };
        Assert.Equal(["strategy_discussion/c-1/a", "assessment_completed/c-1/a"],
            _plan.For(routed, DateTimeOffset.UtcNow).OfType<StartClock>().Select(s => s.ClockId));
    }

    [Fact]
    public void A_section_47_strategy_discussion_stops_its_clock_and_starts_the_conference_clock_of_15_working_days()
    {
        var held = new StrategyDiscussionRecorded
        {
            Header = Header("2026-12-23T17:00:00Z", "a"), AllocationId = "al-1", HeldAt = Timestamp.FromDateTimeOffset(At("2026-12-23T16:00:00Z")),
            Outcome = StrategyOutcome.Section47Enquiry,
        };
        var changes = _plan.For(held, DateTimeOffset.UtcNow);
        var stop = Assert.IsType<StopClock>(changes[0]);
        Assert.Equal(("strategy_discussion/c-1/a", At("2026-12-23T16:00:00Z"), "al-1"), (stop.ClockId, stop.StoppedAt, stop.Subject.SubjectId));
        var start = Assert.IsType<StartClock>(changes[1]);
        Assert.Equal(("initial_child_protection_conference/c-1/a", At("2026-12-23T16:00:00Z"), At("2027-01-19T00:00:00Z")), (start.ClockId, start.StartedAt, start.DueAt));

        held.Outcome = StrategyOutcome.ChildInNeed;
        Assert.Single(_plan.For(held, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Case_events_stop_the_childs_clocks_at_the_time_they_report_and_find_the_clock_by_child_when_no_contact_is_named()
    {
        var seen = new ChildSeenRecorded { Header = Header("2027-01-04T09:00:00Z", "a"), AllocationId = "al-1", SeenAt = Timestamp.FromDateTimeOffset(At("2027-01-02T11:00:00Z")) };
        var stop = Assert.IsType<StopClock>(Assert.Single(_plan.For(seen, DateTimeOffset.UtcNow)));
        Assert.Equal(("child_seen/c-1/a", At("2027-01-02T11:00:00Z")), (stop.ClockId, stop.StoppedAt));

        seen.Header.ContactId = "";
        stop = Assert.IsType<StopClock>(Assert.Single(_plan.For(seen, DateTimeOffset.UtcNow)));
        Assert.Equal(((string?)null, ClockKind.ChildSeen, "a"), (stop.ClockId, stop.Kind, stop.ChildId));

        var allocated = Assert.IsType<HoldClocks>(Assert.Single(_plan.For(new CaseAllocated { Header = Header("2026-12-29T09:00:00Z", "a"), AllocationId = "al-1", TeamId = "t-1", WorkerId = "w-1" }, DateTimeOffset.UtcNow)));
        Assert.Equal(("a", "c-1", "w-1", "al-1"), (allocated.ChildId, allocated.ContactId, allocated.HeldBy, allocated.SubjectId));
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
