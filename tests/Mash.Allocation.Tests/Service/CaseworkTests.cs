using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using static Mash.Allocation.Tests.Service.AllocationHost;
using static Mash.Allocation.Tests.Service.Fixtures;
using static Mash.Allocation.Tests.Service.Routings;

namespace Mash.Allocation.Tests.Service;

/// <summary>
/// Visits, the assessment and stepping down on a real server: the clocks they stop, the census
/// rules of the assessment, and the StepDownRequested that early help opens an episode from.
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class CaseworkTests(AllocationHost host)
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    async Task<(ChildRouted Routed, Contracts.Allocation.V1.Allocation Case)> OpenAsync(ChildRouted routed)
    {
        await host.RouteAsync(routed);
        return (routed, await host.CaseOfAsync(routed));
    }

    [Fact]
    public async Task Child_seen_and_assessment_count_from_the_point_of_referral_and_a_visit_before_the_routing_is_recorded_when_it_happened()
    {
        // Received on Friday 22 May 2026 at 10:00, decided after the spring bank holiday, on Tuesday 26 May.
        var routed = Child(Postcode("casework"), Pathway.ChildInNeed, London(2026, 5, 26, 11));
        routed.ReferredAt = Timestamp.FromDateTimeOffset(London(2026, 5, 22, 10));
        var (_, open) = await OpenAsync(routed);
        var seenClock = open.Clocks.Single(c => c.Kind == ClockKind.ChildSeen);
        var assessment = open.Clocks.Single(c => c.Kind == ClockKind.AssessmentCompleted);
        // Five working days from the Friday end with Monday 1 June (not Tuesday 2 June, as from the routing).
        Assert.Equal((London(2026, 5, 22, 10), London(2026, 6, 2, 0)), (seenClock.StartedAt.ToDateTimeOffset(), seenClock.DueAt.ToDateTimeOffset()));
        Assert.Equal(London(2026, 5, 22, 10), assessment.StartedAt.ToDateTimeOffset());

        // The day before the referral is refused; the visit on the Friday afternoon, before any decision, is recorded as it happened.
        var before = new RecordChildSeenRequest { AllocationId = open.AllocationId, SeenAt = Timestamp.FromDateTimeOffset(London(2026, 5, 21, 16)) };
        var refused = await RefusedAsync(() => host.Client.RecordChildSeenAsync(before, cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument);
        Assert.Contains("2026-05-22", refused.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Single().Description);
        var visit = new RecordChildSeenRequest { AllocationId = open.AllocationId, SeenAt = Timestamp.FromDateTimeOffset(London(2026, 5, 22, 16)), SeenAlone = true };
        var after = (await host.Client.RecordChildSeenAsync(visit, cancellationToken: Cancel)).Allocation;
        var stopped = after.Clocks.Single(c => c.Kind == ClockKind.ChildSeen);
        Assert.Equal((ClockState.Met, visit.SeenAt), (stopped.State, stopped.StoppedAt));
    }

    [Fact]
    public async Task An_authority_s_own_allowances_from_the_routing_set_the_case_s_deadlines_and_those_of_clocks_started_later()
    {
        // The rule set gives child seen 3 working days and the conference 10; routed to CP on Monday 1 June 2026 at 10:00.
        var routed = Child(Postcode("casework"), Pathway.ChildProtection, London(2026, 6, 1, 10));
        routed.ClockAllowances.Add(new ClockAllowance { Clock = ClockKind.ChildSeen, WorkingDays = 3 });
        routed.ClockAllowances.Add(new ClockAllowance { Clock = ClockKind.InitialChildProtectionConference, WorkingDays = 10 });
        var (_, open) = await OpenAsync(routed);
        Assert.Equal((London(2026, 6, 5, 0), London(2026, 8, 4, 0)),
            (open.Clocks.Single(c => c.Kind == ClockKind.ChildSeen).DueAt.ToDateTimeOffset(), open.Clocks.Single(c => c.Kind == ClockKind.AssessmentCompleted).DueAt.ToDateTimeOffset()));

        var discussion = new RecordStrategyDiscussionRequest
        {
            AllocationId = open.AllocationId, HeldAt = Timestamp.FromDateTimeOffset(London(2026, 6, 1, 15)), Outcome = StrategyOutcome.Section47Enquiry,
            InitialConferenceDate = new Date { Year = 2026, Month = 6, Day = 12 },
            Participants = { new[] { AgencyKind.Police, AgencyKind.Health, AgencyKind.ChildrensSocialCare }.Select(a => new Participant { AgencyKind = a, Agency = "x", Name = "Sam Example", Role = "officer" }) },
        };
        var after = (await host.Client.RecordStrategyDiscussionAsync(discussion, cancellationToken: Cancel)).Allocation;
        // Ten working days from Monday 1 June end with Monday 15 June.
        Assert.Equal(London(2026, 6, 16, 0), after.Clocks.Single(c => c.Kind == ClockKind.InitialChildProtectionConference).DueAt.ToDateTimeOffset());
        Assert.Equal(new Date { Year = 2026, Month = 6, Day = 15 }, after.StrategyDiscussions.Single().InitialConferenceDue);
    }

    [Fact]
    public async Task The_first_visit_stops_the_five_working_day_clock_over_a_weekend_and_a_bank_holiday()
    {
        var seen = await host.CaptureAsync<ChildSeenRecorded>();
        // Friday 22 May 2026: the weekend and the spring bank holiday (25 May) make it the whole of Monday 1 June.
        var (_, open) = await OpenAsync(Child(Postcode("casework"), Pathway.ChildInNeed, London(2026, 5, 22, 10)));
        Assert.Equal(London(2026, 6, 2, 0), open.Clocks.Single(c => c.Kind == ClockKind.ChildSeen).DueAt.ToDateTimeOffset());

        var early = new RecordChildSeenRequest { AllocationId = open.AllocationId, SeenAt = Timestamp.FromDateTimeOffset(London(2026, 5, 21, 16)) };
        Assert.Equal(["seen_at"], Fields(await RefusedAsync(() => host.Client.RecordChildSeenAsync(early, cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument)));

        var visit = new RecordChildSeenRequest { AllocationId = open.AllocationId, SeenAt = Timestamp.FromDateTimeOffset(London(2026, 6, 1, 16)), SeenAlone = true, Notes = "Fictional: seen at school." };
        var after = (await host.Client.RecordChildSeenAsync(visit, cancellationToken: Cancel)).Allocation;
        var later = new RecordChildSeenRequest { AllocationId = open.AllocationId, SeenAt = Timestamp.FromDateTimeOffset(London(2026, 6, 8, 9)) };
        after = (await host.Client.RecordChildSeenAsync(later, cancellationToken: Cancel)).Allocation;

        var clock = after.Clocks.Single(c => c.Kind == ClockKind.ChildSeen);
        Assert.Equal((ClockState.Met, visit.SeenAt), (clock.State, clock.StoppedAt));
        Assert.Equal([true, false], after.Visits.Select(v => v.SeenAlone));
        var announced = await host.CollectAsync<ChildSeenRecorded>(seen, e => e.AllocationId == open.AllocationId, 2, "ChildSeenRecorded for both visits");
        Assert.Contains(announced, e => e.SeenAt == visit.SeenAt && e.SeenAlone);
        Assert.All(announced, e => Assert.Equal(Times(after.Clocks), Times(e.Clocks)));
    }

    [Fact]
    public async Task A_plan_and_a_closure_announce_the_case_s_clocks_as_they_end()
    {
        var completed = await host.CaptureAsync<AssessmentCompleted>();
        var factors = new ConcernFact { Category = ConcernCategory.Neglect, Subject = ConcernSubject.ParentOrCarer };

        // A child protection case assessed with a Child in Need plan: the assessment is met, the strategy
        // discussion no longer applies, the visit clock keeps running.
        var (_, planned) = await OpenAsync(Child(Postcode("casework"), Pathway.ChildProtection));
        var plan = (await host.Client.CompleteAssessmentAsync(new CompleteAssessmentRequest
        {
            AllocationId = planned.AllocationId, Outcome = AssessmentOutcome.ChildInNeedPlan, PrimaryNeed = PrimaryNeed.FamilyInAcuteStress, Factors = { factors },
        }, cancellationToken: Cancel)).Allocation;
        Assert.Equal([(ClockKind.StrategyDiscussion, true, false), (ClockKind.ChildSeen, false, false), (ClockKind.AssessmentCompleted, false, true)],
            plan.Clocks.OrderBy(c => c.Kind).Select(c => (c.Kind, c.CancelledAt is not null, c.StoppedAt is not null)));

        // Closed at assessment: whatever still ran no longer applies.
        var (_, closing) = await OpenAsync(Child(Postcode("casework"), Pathway.ChildInNeed));
        var closed = (await host.Client.CompleteAssessmentAsync(new CompleteAssessmentRequest
        {
            AllocationId = closing.AllocationId, Outcome = AssessmentOutcome.Close, PrimaryNeed = PrimaryNeed.NotInNeed, NoFactorsIdentified = true,
        }, cancellationToken: Cancel)).Allocation;
        Assert.Equal([(ClockKind.ChildSeen, true, false), (ClockKind.AssessmentCompleted, false, true)],
            closed.Clocks.OrderBy(c => c.Kind).Select(c => (c.Kind, c.CancelledAt is not null, c.StoppedAt is not null)));

        // Each announcement carries the clocks as the case holds them, for audit to follow.
        var announced = await host.CollectAsync<AssessmentCompleted>(completed, e => e.AllocationId == plan.AllocationId || e.AllocationId == closed.AllocationId, 2,
            "AssessmentCompleted of both cases");
        foreach (var after in new[] { plan, closed })
            Assert.Equal(Times(after.Clocks), Times(announced.Single(e => e.AllocationId == after.AllocationId).Clocks));
    }

    [Fact]
    public async Task No_factors_identified_is_refused_with_a_plan_and_nothing_is_stored()
    {
        var (_, open) = await OpenAsync(Child(Postcode("casework")));
        var request = new CompleteAssessmentRequest
        {
            AllocationId = open.AllocationId, Outcome = AssessmentOutcome.ChildInNeedPlan, PrimaryNeed = PrimaryNeed.FamilyInAcuteStress, NoFactorsIdentified = true,
        };

        Assert.Equal(["no_factors_identified"], Fields(await RefusedAsync(() => host.Client.CompleteAssessmentAsync(request, cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument)));
        request.NoFactorsIdentified = false;
        request.Factors.Add(new ConcernFact { Category = ConcernCategory.MentalHealth, Subject = ConcernSubject.ParentOrCarer });
        var after = (await host.Client.CompleteAssessmentAsync(request, cancellationToken: Cancel)).Allocation;

        Assert.Equal((AllocationStatus.Allocated, Pathway.ChildInNeed, ClockState.Met),
            (after.Status, after.Pathway, after.Clocks.Single(c => c.Kind == ClockKind.AssessmentCompleted).State));
        Assert.Equal(PrimaryNeed.FamilyInAcuteStress, after.Assessment.PrimaryNeed);
        await RefusedAsync(() => host.Client.CompleteAssessmentAsync(request, cancellationToken: Cancel).ResponseAsync, StatusCode.FailedPrecondition);
    }

    [Fact]
    public async Task Stepping_down_after_assessment_asks_early_help_for_an_episode_with_all_it_needs()
    {
        var (completed, stepDowns) = (await host.CaptureAsync<AssessmentCompleted>(), await host.CaptureAsync<StepDownRequested>());
        var family = Siblings(2, Postcode("casework"));
        // The authority gives early help 24 working hours: the step-down carries it on to early help's clock.
        family[0].ClockAllowances.Add(new ClockAllowance { Clock = ClockKind.LeadProfessionalAllocated, WorkingHours = 24 });
        var (routed, open) = await OpenAsync(family[0]);
        var request = new CompleteAssessmentRequest
        {
            AllocationId = open.AllocationId,
            Outcome = AssessmentOutcome.StepDownToEarlyHelp,
            PrimaryNeed = PrimaryNeed.FamilyInAcuteStress,
            Factors = { new ConcernFact { Category = ConcernCategory.Neglect, Subject = ConcernSubject.ParentOrCarer } },
            StepDownReason = "Needs can be met by a family support worker.",
            StepDownNeeds = { new Concern { Category = ConcernCategory.ParentingSupport, Subject = ConcernSubject.ParentOrCarer, Detail = "Fictional: routines at bedtime." } },
        };

        var after = (await host.Client.CompleteAssessmentAsync(request, cancellationToken: Cancel)).Allocation;

        Assert.Equal(AllocationStatus.SteppedDown, after.Status);
        Assert.Equal((request.StepDownReason, "Fictional: routines at bedtime."), (after.StepDown.Reason, after.StepDown.Needs.Single().Detail));
        Assert.All(after.Clocks.Where(c => c.Kind != ClockKind.AssessmentCompleted), c => Assert.Equal(ClockState.Cancelled, c.State));
        var assessment = (await host.CollectAsync<AssessmentCompleted>(completed, e => e.AllocationId == open.AllocationId, 1, "AssessmentCompleted")).Single();
        Assert.Equal((AssessmentOutcome.StepDownToEarlyHelp, PrimaryNeed.FamilyInAcuteStress), (assessment.Outcome, assessment.PrimaryNeed));
        Assert.Equal(Times(after.Clocks), Times(assessment.Clocks));

        var asked = (await host.CollectAsync<StepDownRequested>(stepDowns, e => e.AllocationId == open.AllocationId, 1, "StepDownRequested")).Single();
        Assert.Equal((routed.Header.ContactId, routed.Header.ChildId, "walsall", Role.Screener),
            (asked.Header.ContactId, asked.Header.ChildId, asked.Header.LocalAuthority, asked.Header.Actor.Role));
        Assert.Equal((request.StepDownReason, routed.Postcode, "casework", routed.SiblingGroupId),
            (asked.Reason, asked.Postcode, asked.Locality, asked.SiblingGroupId));
        Assert.Equal((routed.DateOfBirth, routed.Setting), (asked.DateOfBirth, asked.Setting));
        Assert.Equal(Routings.AgeToday(), asked.AgeYears); // the age today, not at referral
        Assert.Equal([new ConcernFact { Category = ConcernCategory.ParentingSupport, Subject = ConcernSubject.ParentOrCarer }], asked.Needs);
        Assert.Equal(routed.ClockAllowances, asked.ClockAllowances);

        // Early help opens the family's episode: the stepped-down case shows it.
        await host.PublishAsync(EpisodeOpened(asked, routed));
        await Eventually.Until(async () => (await host.CaseOfAsync(routed)).StepDownEpisodeId, id => id.Length > 0, "the step-down episode on the case");
    }

    [Fact]
    public async Task A_step_down_without_an_assessment_needs_a_reason_and_hands_on_the_routed_concerns()
    {
        var stepDowns = await host.CaptureAsync<StepDownRequested>();
        var (routed, open) = await OpenAsync(Child(Postcode("casework"), Pathway.ChildProtection));

        var noReason = new RequestStepDownRequest { AllocationId = open.AllocationId };
        Assert.Equal(["reason"], Fields(await RefusedAsync(() => host.Client.RequestStepDownAsync(noReason, cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument)));
        var after = (await host.Manager.RequestStepDownAsync(new RequestStepDownRequest { AllocationId = open.AllocationId, Reason = "Family accept early help." }, cancellationToken: Cancel)).Allocation;

        Assert.Equal(AllocationStatus.SteppedDown, after.Status);
        Assert.All(after.Clocks, c => Assert.Equal(ClockState.Cancelled, c.State));
        var asked = (await host.CollectAsync<StepDownRequested>(stepDowns, e => e.AllocationId == open.AllocationId, 1, "StepDownRequested")).Single();
        Assert.Equal(routed.Concerns, asked.Needs);
        Assert.Equal(Times(after.Clocks), Times(asked.Clocks));
        await RefusedAsync(() => host.Manager.RequestStepDownAsync(new RequestStepDownRequest { AllocationId = open.AllocationId, Reason = "again" }, cancellationToken: Cancel).ResponseAsync,
            StatusCode.FailedPrecondition);
    }

    static EarlyHelpEpisodeOpened EpisodeOpened(StepDownRequested asked, ChildRouted routed) => new()
    {
        Header = new EventHeader
        {
            EventId = Guid.NewGuid().ToString(),
            OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            ContactId = routed.Header.ContactId,
            LocalAuthority = "walsall",
            Actor = new Actor { Subject = "earlyhelp", Role = Role.System },
            CorrelationId = routed.Header.ContactId,
            CausationId = asked.Header.EventId,
        },
        EpisodeId = Guid.NewGuid().ToString(),
        ChildIds = { routed.Header.ChildId },
        Locality = asked.Locality,
        Origin = EpisodeOrigin.StepDown,
        StepDownAllocationId = asked.AllocationId,
        RoutedAt = asked.Header.OccurredAt,
    };
}
