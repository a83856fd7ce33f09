using Grpc.Core;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using static Mash.Allocation.Tests.Service.AllocationHost;
using static Mash.Allocation.Tests.Service.Fixtures;
using static Mash.Allocation.Tests.Service.Routings;

namespace Mash.Allocation.Tests.Service;

/// <summary>A manager moves cases with a reason, above a cap only by saying so, and places by hand what the rules could not.</summary>
[Collection(AllocationCollection.Name)]
public sealed class ReallocationTests(AllocationHost host)
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_manager_moves_a_case_with_a_reason_past_a_cap_only_with_override_and_the_freed_room_goes_to_the_queue()
    {
        var allocated = await host.CaptureAsync<CaseAllocated>();
        var start = DateTimeOffset.UtcNow.AddMinutes(-20);
        var children = Enumerable.Range(0, 5).Select(i => Child(Postcode("realloc"), at: start.AddMinutes(i))).ToList();
        var cases = await host.RouteInTurnAsync(children);
        Assert.Equal(["ra-b", "ra-a", "rb-a", "ra-b"], cases.Take(4).Select(c => c.Worker.WorkerId));
        Assert.Equal(AllocationStatus.Queued, cases[4].Status);

        var request = new ReallocateRequest { AllocationId = cases[0].AllocationId, WorkerId = "ra-a" };
        await RefusedAsync(() => host.Client.ReallocateAsync(request, cancellationToken: Cancel).ResponseAsync, StatusCode.PermissionDenied);
        Assert.Equal(["reason"], Fields(await RefusedAsync(() => host.Manager.ReallocateAsync(request, cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument)));
        request.Reason = "ra-b starts long-term leave on Monday.";
        var unknown = request.Clone();
        unknown.WorkerId = "wv-a"; // a worker of another authority
        Assert.Equal(["worker_id"], Fields(await RefusedAsync(() => host.Manager.ReallocateAsync(unknown, cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument)));
        var full = await RefusedAsync(() => host.Manager.ReallocateAsync(request, cancellationToken: Cancel).ResponseAsync, StatusCode.FailedPrecondition);
        Assert.Contains("override_cap", full.Status.Detail);

        request.OverrideCap = true;
        var moved = (await host.Manager.ReallocateAsync(request, cancellationToken: Cancel)).Allocation;

        Assert.Equal(("ra-a", "realloc-1", 2, 1), (moved.Worker.WorkerId, moved.Team.TeamId, moved.Worker.Caseload, moved.Worker.CaseloadCap));
        var announced = (await host.CollectAsync<CaseAllocated>(allocated, e => e.AllocationId == moved.AllocationId && e.PreviousWorkerId.Length > 0, 1, "CaseAllocated for the move")).Single();
        Assert.Equal(("ra-b", request.Reason, true, Role.Manager), (announced.PreviousWorkerId, announced.ReallocationReason, announced.OverCap, announced.Header.Actor.Role));

        // ra-b's room goes to the case that was waiting.
        var waited = await host.CaseOfAsync(children[4]);
        Assert.Equal((AllocationStatus.Allocated, "ra-b"), (waited.Status, waited.Worker.WorkerId));
    }

    [Fact]
    public async Task A_case_without_a_locality_is_placed_by_hand_and_takes_the_team_s_locality()
    {
        var outside = Child("LS1 4AP");
        await host.RouteAsync(outside);
        var queued = await host.CaseOfAsync(outside);
        Assert.Equal(QueueReason.NoLocality, queued.QueueReason);

        var placed = (await host.Manager.ReallocateAsync(new ReallocateRequest
        {
            AllocationId = queued.AllocationId, WorkerId = "ck-a", TeamId = "clocks-1", Reason = "The family lives in the clocks locality (new address).",
        }, cancellationToken: Cancel)).Allocation;

        Assert.Equal((AllocationStatus.Allocated, QueueReason.Unspecified, "clocks", "ck-a"), (placed.Status, placed.QueueReason, placed.Locality, placed.Worker.WorkerId));
    }

    [Fact]
    public async Task The_team_named_must_be_the_worker_s_and_a_closed_case_stays_where_it_is()
    {
        var routed = Child(Postcode("cp"));
        await host.RouteAsync(routed);
        var open = await host.CaseOfAsync(routed);
        var wrongTeam = new ReallocateRequest { AllocationId = open.AllocationId, WorkerId = "cw-a", TeamId = "cp-1", Reason = "cover" };
        Assert.Equal(["team_id"], Fields(await RefusedAsync(() => host.Manager.ReallocateAsync(wrongTeam, cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument)));

        await host.Client.CompleteAssessmentAsync(new CompleteAssessmentRequest
        {
            AllocationId = open.AllocationId, Outcome = AssessmentOutcome.Close, PrimaryNeed = PrimaryNeed.NotInNeed, NoFactorsIdentified = true,
        }, cancellationToken: Cancel);
        var closed = new ReallocateRequest { AllocationId = open.AllocationId, WorkerId = "cw-a", Reason = "cover" };
        await RefusedAsync(() => host.Manager.ReallocateAsync(closed, cancellationToken: Cancel).ResponseAsync, StatusCode.FailedPrecondition);
    }
}
