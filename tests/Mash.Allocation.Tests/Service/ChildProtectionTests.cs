using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using static Mash.Allocation.Tests.Service.AllocationHost;
using static Mash.Allocation.Tests.Service.Fixtures;
using static Mash.Allocation.Tests.Service.Routings;

namespace Mash.Allocation.Tests.Service;

/// <summary>
/// Child protection on a real server: the strategy discussion's participants and outcomes (s47
/// enquiry, Child in Need instead, no further action), the conference date it sets, and the
/// initial child protection conference. Routed on Thursday 2 April 2026, before Easter.
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class ChildProtectionTests(AllocationHost host)
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    static readonly DateTimeOffset RoutedAt = London(2026, 4, 2, 10);

    async Task<Contracts.Allocation.V1.Allocation> OpenCaseAsync(Pathway pathway = Pathway.ChildProtection)
    {
        var routed = Child(Postcode("cp"), pathway, RoutedAt);
        await host.RouteAsync(routed);
        return await host.CaseOfAsync(routed);
    }

    static RecordStrategyDiscussionRequest Discussion(string allocationId, StrategyOutcome outcome, params AgencyKind[] agencies)
    {
        var request = new RecordStrategyDiscussionRequest
        {
            AllocationId = allocationId,
            HeldAt = Timestamp.FromDateTimeOffset(London(2026, 4, 2, 15)),
            Outcome = outcome,
            Notes = "Fictional notes: agreed plan of visits.",
        };
        request.Participants.AddRange((agencies.Length > 0 ? agencies : [AgencyKind.Police, AgencyKind.Health, AgencyKind.ChildrensSocialCare])
            .Select(a => new Participant { AgencyKind = a, Agency = a.ToString().ToLowerInvariant(), Name = "Sam Example", Role = "officer" }));
        if (outcome == StrategyOutcome.Section47Enquiry) request.InitialConferenceDate = new Date { Year = 2026, Month = 4, Day = 24 };
        return request;
    }

    static Clock ClockOf(Contracts.Allocation.V1.Allocation allocation, ClockKind kind) => allocation.Clocks.Last(c => c.Kind == kind);

    [Fact]
    public async Task A_s47_enquiry_meets_the_same_day_clock_and_sets_the_conference_within_fifteen_working_days()
    {
        var recorded = await host.CaptureAsync<StrategyDiscussionRecorded>();
        var open = await OpenCaseAsync();
        // Routing's clocks over Easter: the end of that Thursday; Monday 13 April (Good Friday and Easter Monday
        // skipped); Wednesday 10 June (and both May bank holidays).
        Assert.Equal([(ClockKind.StrategyDiscussion, London(2026, 4, 3, 0)), (ClockKind.ChildSeen, London(2026, 4, 14, 0)), (ClockKind.AssessmentCompleted, London(2026, 6, 11, 0))],
            open.Clocks.Select(c => (c.Kind, c.DueAt.ToDateTimeOffset())).OrderBy(c => c.Kind));
        Assert.All(open.Clocks, c => Assert.Equal((RoutedAt, ClockState.Breached), (c.StartedAt.ToDateTimeOffset(), c.State)));

        var after = (await host.Client.RecordStrategyDiscussionAsync(Discussion(open.AllocationId, StrategyOutcome.Section47Enquiry), cancellationToken: Cancel)).Allocation;

        Assert.Equal((ClockState.Met, London(2026, 4, 2, 15)), (ClockOf(after, ClockKind.StrategyDiscussion).State, ClockOf(after, ClockKind.StrategyDiscussion).StoppedAt.ToDateTimeOffset()));
        var conference = ClockOf(after, ClockKind.InitialChildProtectionConference);
        // Good Friday and Easter Monday are skipped: Monday 27 April, 15:00.
        Assert.Equal((London(2026, 4, 2, 15), London(2026, 4, 28, 0)), (conference.StartedAt.ToDateTimeOffset(), conference.DueAt.ToDateTimeOffset()));
        var discussion = Assert.Single(after.StrategyDiscussions);
        Assert.Equal((new Date { Year = 2026, Month = 4, Day = 24 }, new Date { Year = 2026, Month = 4, Day = 27 }, "screener-walsall", 3),
            (discussion.InitialConferenceDate, discussion.InitialConferenceDue, discussion.RecordedBy.Subject, discussion.Participants.Count));
        Assert.Equal((Pathway.ChildProtection, AllocationStatus.Allocated), (after.Pathway, after.Status));

        var announced = (await host.CollectAsync<StrategyDiscussionRecorded>(recorded, e => e.AllocationId == open.AllocationId, 1, "StrategyDiscussionRecorded")).Single();
        Assert.Equal([AgencyKind.Police, AgencyKind.Health, AgencyKind.ChildrensSocialCare], announced.ParticipantAgencies);
        Assert.Equal((StrategyOutcome.Section47Enquiry, discussion.InitialConferenceDue, open.ChildId, Role.Screener),
            (announced.Outcome, announced.InitialConferenceDue, announced.Header.ChildId, announced.Header.Actor.Role));
        Assert.Equal(Times(after.Clocks), Times(announced.Clocks));
    }

    [Fact]
    public async Task Without_health_the_discussion_is_refused_naming_participants_and_nothing_is_stored()
    {
        var open = await OpenCaseAsync();

        var error = await RefusedAsync(() => host.Client.RecordStrategyDiscussionAsync(
            Discussion(open.AllocationId, StrategyOutcome.ChildInNeed, AgencyKind.Police, AgencyKind.ChildrensSocialCare), cancellationToken: Cancel).ResponseAsync,
            StatusCode.InvalidArgument);

        Assert.Equal(["participants"], Fields(error));
        var unchanged = await host.Client.GetAllocationAsync(new GetAllocationRequest { AllocationId = open.AllocationId }, cancellationToken: Cancel);
        Assert.Empty(unchanged.Allocation.StrategyDiscussions);
        Assert.Equal(ClockState.Breached, ClockOf(unchanged.Allocation, ClockKind.StrategyDiscussion).State);
    }

    [Fact]
    public async Task The_conference_date_must_fall_within_fifteen_working_days()
    {
        var open = await OpenCaseAsync();
        var request = Discussion(open.AllocationId, StrategyOutcome.Section47Enquiry);
        request.InitialConferenceDate = new Date { Year = 2026, Month = 4, Day = 28 };

        var error = await RefusedAsync(() => host.Client.RecordStrategyDiscussionAsync(request, cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument);

        Assert.Equal(["initial_conference_date"], Fields(error));
        Assert.Contains("2026-04-27", error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations[0].Description);
    }

    [Fact]
    public async Task Child_in_need_instead_makes_the_case_s17_and_no_more_strategy_discussions_are_taken()
    {
        var open = await OpenCaseAsync();
        var after = (await host.Client.RecordStrategyDiscussionAsync(Discussion(open.AllocationId, StrategyOutcome.ChildInNeed), cancellationToken: Cancel)).Allocation;

        Assert.Equal((Pathway.ChildInNeed, AllocationStatus.Allocated), (after.Pathway, after.Status));
        Assert.DoesNotContain(after.Clocks, c => c.Kind == ClockKind.InitialChildProtectionConference);
        Assert.Equal(ClockState.Breached, ClockOf(after, ClockKind.ChildSeen).State);
        await RefusedAsync(() => host.Client.RecordStrategyDiscussionAsync(Discussion(open.AllocationId, StrategyOutcome.NoFurtherAction), cancellationToken: Cancel).ResponseAsync,
            StatusCode.FailedPrecondition);
    }

    [Fact]
    public async Task No_further_action_closes_the_case_cancels_its_clocks_and_frees_the_worker()
    {
        var recorded = await host.CaptureAsync<StrategyDiscussionRecorded>();
        var open = await OpenCaseAsync();
        var load = open.Worker.Caseload;

        var after = (await host.Client.RecordStrategyDiscussionAsync(Discussion(open.AllocationId, StrategyOutcome.NoFurtherAction), cancellationToken: Cancel)).Allocation;

        Assert.Equal(AllocationStatus.Closed, after.Status);
        Assert.Equal([ClockState.Met, ClockState.Cancelled, ClockState.Cancelled],
            new[] { ClockKind.StrategyDiscussion, ClockKind.ChildSeen, ClockKind.AssessmentCompleted }.Select(k => ClockOf(after, k).State));
        Assert.Equal(load - 1, after.Worker.Caseload);
        var announced = (await host.CollectAsync<StrategyDiscussionRecorded>(recorded, e => e.AllocationId == open.AllocationId, 1, "StrategyDiscussionRecorded")).Single();
        Assert.Equal(Times(after.Clocks), Times(announced.Clocks));
        await RefusedAsync(() => host.Client.RecordChildSeenAsync(new RecordChildSeenRequest { AllocationId = open.AllocationId, SeenAt = Timestamp.FromDateTimeOffset(London(2026, 4, 7, 9)) },
            cancellationToken: Cancel).ResponseAsync, StatusCode.FailedPrecondition);
    }

    [Fact]
    public async Task A_strategy_discussion_on_a_child_in_need_case_is_refused()
    {
        var open = await OpenCaseAsync(Pathway.ChildInNeed);
        var error = await RefusedAsync(() => host.Client.RecordStrategyDiscussionAsync(Discussion(open.AllocationId, StrategyOutcome.ChildInNeed), cancellationToken: Cancel).ResponseAsync,
            StatusCode.FailedPrecondition);
        Assert.Contains("child protection case only", error.Status.Detail);
    }

    [Fact]
    public async Task The_initial_conference_stops_its_clock_once()
    {
        var recorded = await host.CaptureAsync<InitialConferenceRecorded>();
        var open = await OpenCaseAsync();
        await host.Client.RecordStrategyDiscussionAsync(Discussion(open.AllocationId, StrategyOutcome.Section47Enquiry), cancellationToken: Cancel);
        var request = new RecordInitialConferenceRequest
        {
            AllocationId = open.AllocationId,
            HeldAt = Timestamp.FromDateTimeOffset(London(2026, 4, 24, 10)),
            Outcome = ConferenceOutcome.ChildProtectionPlan,
        };

        var after = (await host.Manager.RecordInitialConferenceAsync(request, cancellationToken: Cancel)).Allocation;

        Assert.Equal(ClockState.Met, ClockOf(after, ClockKind.InitialChildProtectionConference).State);
        Assert.Equal((ConferenceOutcome.ChildProtectionPlan, Role.Manager), (after.InitialConference.Outcome, after.InitialConference.RecordedBy.Role));
        var announced = (await host.CollectAsync<InitialConferenceRecorded>(recorded, e => e.AllocationId == open.AllocationId, 1, "InitialConferenceRecorded")).Single();
        Assert.Equal((request.HeldAt, ConferenceOutcome.ChildProtectionPlan), (announced.HeldAt, announced.Outcome));
        Assert.Equal(Times(after.Clocks), Times(announced.Clocks));
        await RefusedAsync(() => host.Manager.RecordInitialConferenceAsync(request, cancellationToken: Cancel).ResponseAsync, StatusCode.FailedPrecondition);
    }

    [Fact]
    public async Task Only_staff_of_the_case_s_authority_who_may_record_can_record()
    {
        var open = await OpenCaseAsync();
        var request = Discussion(open.AllocationId, StrategyOutcome.ChildInNeed);
        await RefusedAsync(() => host.ClientAs(Role.Auditor).RecordStrategyDiscussionAsync(request, cancellationToken: Cancel).ResponseAsync, StatusCode.PermissionDenied);
        await RefusedAsync(() => host.ClientAs(Role.Screener, "wolverhampton").RecordStrategyDiscussionAsync(request, cancellationToken: Cancel).ResponseAsync, StatusCode.NotFound);
    }
}
