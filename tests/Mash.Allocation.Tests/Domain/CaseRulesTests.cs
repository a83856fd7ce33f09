using Google.Protobuf.WellKnownTypes;
using Mash.Allocation.Domain.Cases;
using Mash.Allocation.Domain.Clocks;
using Mash.Allocation.Domain.Placement;
using Mash.Allocation.Domain.Teams;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;
using static Mash.Allocation.Tests.Service.Routings;

namespace Mash.Allocation.Tests.Domain;

/// <summary>The rules of the social work recorded on a case: what each request changes, and what it refuses.</summary>
public sealed class CaseRulesTests
{
    static readonly WorkingCalendar Calendar = WorkingCalendar.FromGovUkJson(Service.Fixtures.BankHolidays);
    static readonly DateTimeOffset Routed = London(2026, 4, 2, 10);
    static readonly DateTimeOffset Now = London(2026, 4, 20, 12);

    static CaseState Case(Pathway pathway, AllocationStatus status = AllocationStatus.Allocated) =>
        new(pathway, status, Routed, StatutoryClocks.StartedByRouting(pathway).Select(k => StatutoryClocks.Start(Calendar, k, Routed)).ToList());

    static ClockState StateOf(CaseChange change, ClockKind kind) =>
        StatutoryClocks.StateAt(change.Clocks.Last(c => c.Kind == kind), Now, Calendar);

    static Participant Agency(AgencyKind kind) => new() { AgencyKind = kind, Agency = kind.ToString(), Name = "A. Example", Role = "lead" };

    static RecordStrategyDiscussionRequest Discussion(StrategyOutcome outcome, Date? conference = null, params AgencyKind[] agencies)
    {
        var request = new RecordStrategyDiscussionRequest
        {
            HeldAt = Timestamp.FromDateTimeOffset(London(2026, 4, 2, 15)),
            Outcome = outcome,
            InitialConferenceDate = conference,
        };
        request.Participants.AddRange((agencies.Length > 0 ? agencies : ChildProtectionRules.RequiredAgencies).Select(Agency));
        return request;
    }

    static IEnumerable<string> Fields<T>(Verdict<T> verdict) where T : class => verdict.Violations.Select(v => v.Field);

    [Fact]
    public void A_s47_enquiry_stops_the_same_day_clock_and_starts_the_conference_clock_from_the_discussion()
    {
        var verdict = ChildProtectionRules.RecordStrategyDiscussion(Discussion(StrategyOutcome.Section47Enquiry, new Date { Year = 2026, Month = 4, Day = 24 }),
            Case(Pathway.ChildProtection), Now, Calendar);

        var change = verdict.Change!;
        Assert.Equal(ClockState.Met, StateOf(change.Case, ClockKind.StrategyDiscussion));
        var conference = change.Case.Clocks.Single(c => c.Kind == ClockKind.InitialChildProtectionConference);
        Assert.Equal((London(2026, 4, 2, 15), London(2026, 4, 28, 0)), (conference.StartedAt, conference.DueAt));
        Assert.Equal(new NodaTime.LocalDate(2026, 4, 27), change.ConferenceDue);
        Assert.Equal((Pathway.ChildProtection, AllocationStatus.Allocated), (change.Case.Pathway, change.Case.Status));
    }

    [Fact]
    public void A_strategy_discussion_held_before_the_routing_is_recorded_when_it_was_held_but_not_before_the_referral()
    {
        // The contact came in on Wednesday 1 April at 16:00; police, health and social care met at 08:00
        // on the Thursday; the MASH decision was recorded at 10:00.
        var cp = Case(Pathway.ChildProtection) with { ReferredAt = London(2026, 4, 1, 16) };
        var early = Discussion(StrategyOutcome.Section47Enquiry, new Date { Year = 2026, Month = 4, Day = 24 });
        early.HeldAt = Timestamp.FromDateTimeOffset(London(2026, 4, 2, 8));
        var change = ChildProtectionRules.RecordStrategyDiscussion(early, cp, Now, Calendar).Change!;
        Assert.Equal(ClockState.Met, StateOf(change.Case, ClockKind.StrategyDiscussion));
        Assert.Equal(London(2026, 4, 2, 8), change.Case.Clocks.Single(c => c.Kind == ClockKind.InitialChildProtectionConference).StartedAt);

        var beforeReferral = Discussion(StrategyOutcome.Section47Enquiry, new Date { Year = 2026, Month = 4, Day = 24 });
        beforeReferral.HeldAt = Timestamp.FromDateTimeOffset(London(2026, 3, 31, 15));
        Assert.Equal(["held_at"], Fields(ChildProtectionRules.RecordStrategyDiscussion(beforeReferral, cp, Now, Calendar)));
    }

    [Fact]
    public void The_conference_date_is_required_for_a_s47_enquiry_within_fifteen_working_days_on_a_working_day()
    {
        var cp = Case(Pathway.ChildProtection);
        Assert.Equal(["initial_conference_date"], Fields(ChildProtectionRules.RecordStrategyDiscussion(Discussion(StrategyOutcome.Section47Enquiry), cp, Now, Calendar)));
        var late = ChildProtectionRules.RecordStrategyDiscussion(Discussion(StrategyOutcome.Section47Enquiry, new Date { Year = 2026, Month = 4, Day = 28 }), cp, Now, Calendar);
        Assert.Contains("2026-04-27 at the latest", late.Violations.Single().Description);
        var easterMonday = ChildProtectionRules.RecordStrategyDiscussion(Discussion(StrategyOutcome.Section47Enquiry, new Date { Year = 2026, Month = 4, Day = 6 }), cp, Now, Calendar);
        Assert.Contains("working day", easterMonday.Violations.Single().Description);
        var notS47 = ChildProtectionRules.RecordStrategyDiscussion(Discussion(StrategyOutcome.ChildInNeed, new Date { Year = 2026, Month = 4, Day = 24 }), cp, Now, Calendar);
        Assert.Equal(["initial_conference_date"], Fields(notS47));
    }

    [Fact]
    public void Police_health_and_childrens_social_care_must_all_take_part()
    {
        var verdict = ChildProtectionRules.RecordStrategyDiscussion(
            Discussion(StrategyOutcome.ChildInNeed, null, AgencyKind.Police, AgencyKind.ChildrensSocialCare, AgencyKind.Education),
            Case(Pathway.ChildProtection), Now, Calendar);
        var violation = Assert.Single(verdict.Violations);
        Assert.Equal("participants", violation.Field);
        Assert.EndsWith("missing: health", violation.Description);
    }

    [Fact]
    public void Child_in_need_instead_turns_the_case_to_s17_and_no_further_action_closes_it()
    {
        var cin = ChildProtectionRules.RecordStrategyDiscussion(Discussion(StrategyOutcome.ChildInNeed), Case(Pathway.ChildProtection), Now, Calendar).Change!.Case;
        Assert.Equal((Pathway.ChildInNeed, AllocationStatus.Allocated, false), (cin.Pathway, cin.Status, cin.Ends));
        Assert.Equal(ClockState.Breached, StateOf(cin, ClockKind.ChildSeen)); // still running from the referral, and late

        var nfa = ChildProtectionRules.RecordStrategyDiscussion(Discussion(StrategyOutcome.NoFurtherAction), Case(Pathway.ChildProtection), Now, Calendar).Change!.Case;
        Assert.Equal((AllocationStatus.Closed, true), (nfa.Status, nfa.Ends));
        Assert.Equal(ClockState.Met, StateOf(nfa, ClockKind.StrategyDiscussion));
        Assert.Equal([ClockState.Cancelled, ClockState.Cancelled], nfa.Clocks.Where(c => c.Kind != ClockKind.StrategyDiscussion).Select(c => StatutoryClocks.StateAt(c, Now, Calendar)));
    }

    [Fact]
    public void A_strategy_discussion_is_refused_on_a_child_in_need_case_and_on_a_closed_one()
    {
        Assert.Contains("child protection case only", ChildProtectionRules.RecordStrategyDiscussion(Discussion(StrategyOutcome.ChildInNeed), Case(Pathway.ChildInNeed), Now, Calendar).Precondition);
        Assert.Contains("closed", ChildProtectionRules.RecordStrategyDiscussion(Discussion(StrategyOutcome.ChildInNeed), Case(Pathway.ChildProtection, AllocationStatus.Closed), Now, Calendar).Precondition);
    }

    [Fact]
    public void A_discussion_in_the_future_or_before_the_day_of_routing_is_refused()
    {
        var request = Discussion(StrategyOutcome.ChildInNeed);
        request.HeldAt = Timestamp.FromDateTimeOffset(Now.AddHours(1));
        Assert.Equal(["held_at"], Fields(ChildProtectionRules.RecordStrategyDiscussion(request, Case(Pathway.ChildProtection), Now, Calendar)));
        request.HeldAt = Timestamp.FromDateTimeOffset(London(2026, 4, 1, 18));
        Assert.Equal(["held_at"], Fields(ChildProtectionRules.RecordStrategyDiscussion(request, Case(Pathway.ChildProtection), Now, Calendar)));
        // The morning of the routing day is fine: the discussion may come before the decision is recorded.
        request.HeldAt = Timestamp.FromDateTimeOffset(London(2026, 4, 2, 8));
        Assert.NotNull(ChildProtectionRules.RecordStrategyDiscussion(request, Case(Pathway.ChildProtection), Now, Calendar).Change);
    }

    [Fact]
    public void The_conference_stops_its_clock_and_is_refused_without_a_s47_enquiry_or_twice()
    {
        var s47 = ChildProtectionRules.RecordStrategyDiscussion(Discussion(StrategyOutcome.Section47Enquiry, new Date { Year = 2026, Month = 4, Day = 24 }),
            Case(Pathway.ChildProtection), Now, Calendar).Change!.Case;
        var state = new CaseState(s47.Pathway, s47.Status, Routed, s47.Clocks);
        var conference = new RecordInitialConferenceRequest { HeldAt = Timestamp.FromDateTimeOffset(London(2026, 4, 17, 10)), Outcome = ConferenceOutcome.ChildInNeedPlan };

        var held = ChildProtectionRules.RecordInitialConference(conference, state, Now).Change!;
        Assert.Equal((ClockState.Met, Pathway.ChildInNeed), (StateOf(held, ClockKind.InitialChildProtectionConference), held.Pathway));
        Assert.Contains("already recorded", ChildProtectionRules.RecordInitialConference(conference, state with { ConferenceHeld = true }, Now).Precondition);
        Assert.Contains("No s47 enquiry", ChildProtectionRules.RecordInitialConference(conference, Case(Pathway.ChildProtection), Now).Precondition);
    }

    static CompleteAssessmentRequest Assessment(AssessmentOutcome outcome, bool noFactors = false, params ConcernCategory[] factors)
    {
        var request = new CompleteAssessmentRequest
        {
            CompletedAt = Timestamp.FromDateTimeOffset(London(2026, 4, 16, 12)),
            Outcome = outcome,
            PrimaryNeed = PrimaryNeed.AbuseOrNeglect,
            NoFactorsIdentified = noFactors,
        };
        request.Factors.AddRange(factors.Select(f => new ConcernFact { Category = f, Subject = ConcernSubject.ParentOrCarer }));
        return request;
    }

    [Fact]
    public void No_factors_identified_goes_only_with_closure_and_never_with_factors()
    {
        var cin = Case(Pathway.ChildInNeed);
        Assert.Equal(["no_factors_identified"], Fields(AssessmentRules.CompleteAssessment(Assessment(AssessmentOutcome.ChildInNeedPlan, noFactors: true), cin, Now, Calendar)));
        Assert.Equal(["no_factors_identified"], Fields(AssessmentRules.CompleteAssessment(Assessment(AssessmentOutcome.Close, true, ConcernCategory.Neglect), cin, Now, Calendar)));
        Assert.Equal(["factors"], Fields(AssessmentRules.CompleteAssessment(Assessment(AssessmentOutcome.ChildInNeedPlan), cin, Now, Calendar)));
        var closed = AssessmentRules.CompleteAssessment(Assessment(AssessmentOutcome.Close, noFactors: true), cin, Now, Calendar).Change!.Case;
        Assert.Equal((AllocationStatus.Closed, ClockState.Met, ClockState.Cancelled),
            (closed.Status, StateOf(closed, ClockKind.AssessmentCompleted), StateOf(closed, ClockKind.ChildSeen)));
    }

    [Fact]
    public void A_step_down_outcome_needs_its_reason_and_step_down_fields_go_with_no_other_outcome()
    {
        var cin = Case(Pathway.ChildInNeed);
        var request = Assessment(AssessmentOutcome.StepDownToEarlyHelp, false, ConcernCategory.ParentingSupport);
        Assert.Equal(["step_down_reason"], Fields(AssessmentRules.CompleteAssessment(request, cin, Now, Calendar)));
        request.StepDownReason = "Needs now met by a family support worker.";
        Assert.Equal(AllocationStatus.SteppedDown, AssessmentRules.CompleteAssessment(request, cin, Now, Calendar).Change!.Case.Status);

        var plan = Assessment(AssessmentOutcome.ChildInNeedPlan, false, ConcernCategory.Neglect);
        plan.StepDownReason = "stray";
        plan.StepDownNeeds.Add(new Concern { Category = ConcernCategory.Housing });
        Assert.Equal(["step_down_reason", "step_down_needs"], Fields(AssessmentRules.CompleteAssessment(plan, cin, Now, Calendar)));
    }

    [Fact]
    public void An_assessment_asking_for_a_conference_turns_a_child_in_need_case_into_child_protection()
    {
        var change = AssessmentRules.CompleteAssessment(Assessment(AssessmentOutcome.ChildProtectionConference, false, ConcernCategory.EmotionalAbuse),
            Case(Pathway.ChildInNeed), Now, Calendar).Change!;
        Assert.Equal(Pathway.ChildProtection, change.Case.Pathway);
        var strategy = change.Case.Clocks.Single(c => c.Kind == ClockKind.StrategyDiscussion);
        Assert.Equal((London(2026, 4, 16, 12), London(2026, 4, 17, 0)), (strategy.StartedAt, strategy.DueAt));
        Assert.Contains("already completed", AssessmentRules.CompleteAssessment(Assessment(AssessmentOutcome.Close, true), Case(Pathway.ChildInNeed) with { AssessmentCompleted = true }, Now, Calendar).Precondition);
    }

    [Fact]
    public void A_step_down_needs_a_reason_and_ends_every_running_clock()
    {
        Assert.Equal(["reason"], Fields(AssessmentRules.RequestStepDown(new RequestStepDownRequest { Reason = "  " }, Case(Pathway.ChildProtection), Now)));
        var change = AssessmentRules.RequestStepDown(new RequestStepDownRequest { Reason = "Family asked for early help" }, Case(Pathway.ChildProtection), Now).Change!;
        Assert.Equal(AllocationStatus.SteppedDown, change.Status);
        Assert.All(change.Clocks, c => Assert.Equal(Now, c.CancelledAt));
    }

    [Fact]
    public void A_corrected_routing_moves_the_clocks_with_the_pathway()
    {
        var toCp = RoutingRules.Correct(Case(Pathway.ChildInNeed), Pathway.ChildProtection, London(2026, 4, 3, 9), Now, Calendar);
        Assert.Equal((Pathway.ChildProtection, London(2026, 4, 8, 0)), (toCp.Pathway, toCp.Clocks.Single(c => c.Kind == ClockKind.StrategyDiscussion).DueAt));
        var toCin = RoutingRules.Correct(Case(Pathway.ChildProtection), Pathway.ChildInNeed, London(2026, 4, 3, 9), Now, Calendar);
        Assert.Equal(ClockState.Cancelled, StateOf(toCin, ClockKind.StrategyDiscussion));
        var toEarlyHelp = RoutingRules.Correct(Case(Pathway.ChildProtection), Pathway.EarlyHelp, London(2026, 4, 3, 9), Now, Calendar);
        Assert.Equal(AllocationStatus.Closed, toEarlyHelp.Status);
    }

    static readonly SocialWorker Target = new("w-b", "Worker B", "team-2", 2);

    static Verdict<Reallocation> Reallocate(ReallocateRequest request, int targetLoad, bool childAlreadyThere = false, AllocationStatus status = AllocationStatus.Allocated) =>
        ReallocationRules.Check(request, Case(Pathway.ChildInNeed, status), "w-a", "walsall", new WorkerLoad(Target, targetLoad), childAlreadyThere, Now);

    [Fact]
    public void Reallocation_needs_a_reason_a_worker_of_the_authority_and_the_worker_s_own_team()
    {
        var noReason = ReallocationRules.Check(new ReallocateRequest { WorkerId = "w-x" }, Case(Pathway.ChildInNeed), "w-a", "walsall", null, false, Now);
        Assert.Equal(["worker_id", "reason"], Fields(noReason));
        Assert.Equal(["team_id"], Fields(Reallocate(new ReallocateRequest { WorkerId = "w-b", TeamId = "team-1", Reason = "leave" }, 0)));
    }

    [Fact]
    public void Above_the_cap_only_with_override_and_a_child_already_held_adds_nothing()
    {
        var request = new ReallocateRequest { WorkerId = "w-b", Reason = "Worker A is on long-term leave." };
        Assert.False(Reallocate(request, 1).Change!.OverCap);
        Assert.Contains("override_cap", Reallocate(request, 2).Precondition);
        Assert.False(Reallocate(request, 2, childAlreadyThere: true).Change!.OverCap);
        request.OverrideCap = true;
        Assert.True(Reallocate(request, 2).Change!.OverCap);
        Assert.Contains("closed", Reallocate(request, 0, status: AllocationStatus.Closed).Precondition);
    }
}
