using Grpc.Core;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using static Mash.Allocation.Tests.Service.Fixtures;
using static Mash.Allocation.Tests.Service.Routings;

namespace Mash.Allocation.Tests.Service;

/// <summary>
/// Routing CIN and CP children to the locality's teams: the postcode's locality, the lowest load
/// under the caps, siblings together, a child already open to its worker, and the queue when
/// nobody has room. The test plays thresholds by publishing ChildRouted.
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class AllocationTests(AllocationHost host)
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    async Task<ListCaseloadResponse> CaseloadAsync(string locality) =>
        await host.Manager.ListCaseloadAsync(new ListCaseloadRequest { Locality = locality }, cancellationToken: Cancel);

    [Fact]
    public async Task The_postcode_decides_the_locality_and_a_child_without_one_waits_for_a_manager()
    {
        var queued = await host.CaptureAsync<AllocationQueued>();
        // Sector ZZ2 9 is in pc-north though its district is pc-south; the routing's (older) locality loses to the postcode.
        var sector = Child("ZZ2 9AB", locality: "pc-south");
        var district = Child("ZZ2 4CD", locality: "pc-south");
        var noPostcode = Child("", locality: "pc-east");
        var outside = Child("LS1 4AP");

        await host.RouteAsync(sector, district, noPostcode, outside);

        var cases = new[] { sector, district, noPostcode }.Select(c => host.CaseOfAsync(c)).ToList();
        Assert.Equal([("pc-north", "pc-north-1", "pcn-a"), ("pc-south", "pc-south-1", "pcs-a"), ("pc-east", "pc-east-1", "pce-a")],
            (await Task.WhenAll(cases)).Select(c => (c.Locality, c.Team.TeamId, c.Worker.WorkerId)));
        var waiting = await host.CaseOfAsync(outside);
        Assert.Equal((AllocationStatus.Queued, QueueReason.NoLocality, "", null, null), (waiting.Status, waiting.QueueReason, waiting.Locality, waiting.Team, waiting.Worker));
        var announced = (await host.CollectAsync<AllocationQueued>(queued, e => e.AllocationId == waiting.AllocationId, 1, "AllocationQueued")).Single();
        Assert.Equal((QueueReason.NoLocality, "", Pathway.ChildInNeed), (announced.Reason, announced.TeamId, announced.Pathway));
        Assert.Equal((Role.System, "allocation", outside.Header.EventId), (announced.Header.Actor.Role, announced.Header.Actor.Subject, announced.Header.CausationId));
        Assert.Equal(Times(waiting.Clocks), Times(announced.Clocks));
        Assert.Equal([ClockKind.ChildSeen, ClockKind.AssessmentCompleted], announced.Clocks.Select(c => c.Kind));
    }

    [Fact]
    public async Task Each_case_goes_to_the_worker_with_the_lowest_load_under_the_cap_until_nobody_has_room()
    {
        var allocated = await host.CaptureAsync<CaseAllocated>();
        var children = Enumerable.Range(0, 9).Select(_ => Child(Postcode("lowest"))).ToList();

        var cases = await host.RouteInTurnAsync(children);

        // Ties go to more room, then the lower id: low-b (cap 5) first, then whoever is lightest.
        Assert.Equal(["low-b", "low-a", "low-c", "low-b", "low-a", "low-b", "low-b", "low-b"], cases.Take(8).Select(c => c.Worker.WorkerId));
        Assert.Equal(["lowest-1", "lowest-1", "lowest-2"], cases.Take(3).Select(c => c.Team.TeamId));
        Assert.Equal((AllocationStatus.Queued, QueueReason.NoCapacity, "lowest-1"), (cases[8].Status, cases[8].QueueReason, cases[8].Team.TeamId));
        var events = await host.CollectAsync<CaseAllocated>(allocated, e => e.Locality == "lowest", 8, "CaseAllocated for the eight");
        Assert.All(events, e => Assert.Equal(("", false, false), (e.PreviousWorkerId, e.AlreadyOpen, e.OverCap)));

        var caseload = await CaseloadAsync("lowest");
        Assert.Equal([("low-a", 2, 2), ("low-b", 5, 5), ("low-c", 1, 1)], caseload.Workers.Select(w => (w.WorkerId, w.Caseload, w.CaseloadCap)));
        Assert.Equal(cases[8].AllocationId, caseload.Allocations[0].AllocationId);
    }

    [Fact]
    public async Task Siblings_go_to_one_worker_who_has_room_for_all_of_them()
    {
        // sib-a (cap 2) cannot take three; sib-b (cap 4) can, and keeps them though sib-a is lighter afterwards.
        var cases = await host.RouteInTurnAsync(Siblings(3, Postcode("siblings")));

        Assert.All(cases, c => Assert.Equal(("sib-b", AllocationStatus.Allocated), (c.Worker.WorkerId, c.Status)));
        Assert.Single(cases.Select(c => c.SiblingGroupId).Distinct());
    }

    [Fact]
    public async Task A_sibling_follows_the_family_s_worker_past_the_cap_and_the_trail_says_so()
    {
        var allocated = await host.CaptureAsync<CaseAllocated>();
        var family = Siblings(3, Postcode("siblings-cap"));

        var cases = await host.RouteInTurnAsync(family);

        Assert.All(cases, c => Assert.Equal("sc-a", c.Worker.WorkerId));
        Assert.Equal((3, 2), (cases[2].Worker.Caseload, cases[2].Worker.CaseloadCap));
        var events = await host.CollectAsync<CaseAllocated>(allocated, e => e.Locality == "siblings-cap", 3, "CaseAllocated for the family");
        Assert.Equal([false, false, true], events.OrderBy(e => e.Header.OccurredAt).Select(e => e.OverCap));
    }

    [Fact]
    public async Task A_child_already_open_goes_to_the_allocated_worker_and_counts_once()
    {
        var allocated = await host.CaptureAsync<CaseAllocated>();
        var first = Child(Postcode("open"));
        var cases = await host.RouteInTurnAsync([first, Child(Postcode("open")), Child(Postcode("open"))]);
        Assert.Equal(["o-a", "o-b", "o-a"], cases.Select(c => c.Worker.WorkerId));

        // o-b is lighter, but the child is open to o-a: the new referral (now child protection) goes there.
        var again = Again(first, Pathway.ChildProtection);
        await host.RouteAsync(again);

        var current = await host.CaseOfAsync(again);
        Assert.NotEqual(cases[0].AllocationId, current.AllocationId);
        Assert.Equal((again.Header.ContactId, Pathway.ChildProtection, "o-a", 2), (current.ContactId, current.Pathway, current.Worker.WorkerId, current.Worker.Caseload));
        var announced = (await host.CollectAsync<CaseAllocated>(allocated, e => e.AllocationId == current.AllocationId, 1, "CaseAllocated")).Single();
        Assert.True(announced.AlreadyOpen);
        Assert.Equal(Times(current.Clocks), Times(announced.Clocks));
        var earlier = (await host.Client.GetAllocationAsync(new GetAllocationRequest { AllocationId = cases[0].AllocationId }, cancellationToken: Cancel)).Allocation;
        Assert.Equal(AllocationStatus.Allocated, earlier.Status);
    }

    [Fact]
    public async Task With_no_capacity_the_child_waits_in_a_team_manager_s_queue_with_its_clocks_running_until_room_frees()
    {
        var allocated = await host.CaptureAsync<CaseAllocated>();
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        var children = Enumerable.Range(0, 4).Select(i => Child(Postcode("queue"), at: start.AddMinutes(i))).ToList();

        var cases = await host.RouteInTurnAsync(children);

        Assert.Equal(["q-a", "q-b"], cases.Take(2).Select(c => c.Worker.WorkerId));
        // Each waiting case joins the locality's team with the shorter queue.
        Assert.Equal([("queue-1", QueueReason.NoCapacity), ("queue-2", QueueReason.NoCapacity)], cases.Skip(2).Select(c => (c.Team.TeamId, c.QueueReason)));
        Assert.All(cases[2].Clocks, c => Assert.Equal((children[2].Header.OccurredAt, ClockState.Running), (c.StartedAt, c.State)));
        var list = await CaseloadAsync("queue");
        Assert.Equal([cases[2].AllocationId, cases[3].AllocationId, cases[0].AllocationId, cases[1].AllocationId], list.Allocations.Select(a => a.AllocationId));

        // q-a's case closes: the oldest waiting case takes the room, without anyone asking.
        var close = new CompleteAssessmentRequest { AllocationId = cases[0].AllocationId, Outcome = AssessmentOutcome.Close, PrimaryNeed = PrimaryNeed.NotInNeed, NoFactorsIdentified = true };
        await host.Client.CompleteAssessmentAsync(close, cancellationToken: Cancel);

        var moved = await host.CaseOfAsync(children[2]);
        Assert.Equal((AllocationStatus.Allocated, "q-a", "queue-1"), (moved.Status, moved.Worker.WorkerId, moved.Team.TeamId));
        Assert.Equal(AllocationStatus.Queued, (await host.CaseOfAsync(children[3])).Status);
        var announced = (await host.CollectAsync<CaseAllocated>(allocated, e => e.AllocationId == moved.AllocationId, 1, "CaseAllocated from the queue")).Single();
        Assert.Equal((Role.System, "q-a"), (announced.Header.Actor.Role, announced.WorkerId));
    }

    [Fact]
    public async Task A_corrected_decision_changes_the_open_case_and_one_to_early_help_closes_it()
    {
        var corrections = await host.CaptureAsync<CaseCorrected>();
        var at = DateTimeOffset.UtcNow.AddHours(-2);
        var routed = Child(Postcode("pc-east"), Pathway.ChildInNeed, at);
        await host.RouteAsync(routed);
        var opened = await host.CaseOfAsync(routed);

        var toCp = Corrected(routed, Pathway.ChildProtection, at.AddHours(1));
        await host.RouteAsync(toCp);
        var cp = await host.CaseOfAsync(routed);
        Assert.Equal((opened.AllocationId, Pathway.ChildProtection, toCp.DecisionId), (cp.AllocationId, cp.Pathway, cp.DecisionId));
        Assert.Contains(cp.Clocks, c => c.Kind == ClockKind.StrategyDiscussion && c.StartedAt == toCp.Header.OccurredAt);
        var toCpAnnounced = (await host.CollectAsync<CaseCorrected>(corrections, e => e.AllocationId == opened.AllocationId, 1, "CaseCorrected to CP")).Single();
        Assert.Equal((Pathway.ChildProtection, false, toCp.DecisionId, toCp.Header.EventId), (toCpAnnounced.Pathway, toCpAnnounced.Closed, toCpAnnounced.DecisionId, toCpAnnounced.Header.CausationId));
        Assert.Equal(Times(cp.Clocks), Times(toCpAnnounced.Clocks));

        // An older routing arriving late changes nothing.
        await host.RouteAsync(Corrected(routed, Pathway.EarlyHelp, at.AddMinutes(30)));
        Assert.Equal(AllocationStatus.Allocated, (await host.CaseOfAsync(routed)).Status);

        await host.RouteAsync(Corrected(routed, Pathway.EarlyHelp, at.AddHours(1.5)));
        var closed = await host.CaseOfAsync(routed);
        Assert.Equal(AllocationStatus.Closed, closed.Status);
        Assert.All(closed.Clocks, c => Assert.Equal(ClockState.Cancelled, c.State));
        // Announced once per change: the late, older routing changed nothing and said nothing.
        var closedAnnounced = (await host.CollectAsync<CaseCorrected>(corrections, e => e.AllocationId == opened.AllocationId, 1, "CaseCorrected to early help")).Single();
        Assert.Equal((Pathway.EarlyHelp, true), (closedAnnounced.Pathway, closedAnnounced.Closed));
        Assert.Equal(Times(closed.Clocks), Times(closedAnnounced.Clocks));
    }

    [Fact]
    public async Task Early_help_and_NFA_routings_never_reach_allocation_and_open_no_case()
    {
        var earlyHelp = Child(Postcode("pc-east"), Pathway.EarlyHelp);
        var nfa = Child(Postcode("pc-east"), Pathway.NoFurtherAction);
        await host.PublishAsync(earlyHelp);
        await host.PublishAsync(nfa);
        // Published after them on the same exchange: once it is handled, the two before it would
        // have been delivered first had the broker routed them to allocation's queue.
        await host.RouteAsync(Child(Postcode("pc-east"), Pathway.ChildInNeed));

        foreach (var routed in new[] { earlyHelp, nfa })
            Assert.False(await host.HandledOrPassedOverAsync(routed.Header.EventId, "ChildRoutedConsumer"), $"{routed.Pathway} routing reached allocation");
        await AllocationHost.RefusedAsync(() => host.CaseOfAsync(earlyHelp), StatusCode.NotFound);
    }
}
