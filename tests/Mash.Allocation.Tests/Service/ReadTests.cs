using Grpc.Core;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using static Mash.Allocation.Tests.Service.AllocationHost;
using static Mash.Allocation.Tests.Service.Fixtures;
using static Mash.Allocation.Tests.Service.Routings;

namespace Mash.Allocation.Tests.Service;

/// <summary>GetAllocation and ListCaseload: queued first, workers' loads and caps, pages, the caller's authority only, and every read recorded.</summary>
[Collection(AllocationCollection.Name)]
public sealed class ReadTests(AllocationHost host)
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Four children routed to the reads locality once: rd-a and rd-b (cap 1 each) take the first two, the others wait, one in each team's queue.</summary>
    async Task<List<Contracts.Allocation.V1.Allocation>> ReadsLocalityAsync()
    {
        var children = await host.OnceAsync("reads", async () =>
        {
            var start = DateTimeOffset.UtcNow.AddMinutes(-10);
            var routed = Enumerable.Range(0, 4).Select(i => Child(Postcode("reads"), at: start.AddMinutes(i))).ToList();
            await host.RouteInTurnAsync(routed);
            return routed;
        });
        return [.. await Task.WhenAll(children.Select(host.CaseOfAsync))];
    }

    [Fact]
    public async Task The_caseload_lists_queued_cases_first_then_by_worker_in_pages_with_the_workers_loads()
    {
        var viewed = await host.CaptureAsync<RecordViewed>();
        var cases = await ReadsLocalityAsync();
        Assert.Equal(["rd-a", "rd-b"], cases.Take(2).Select(c => c.Worker.WorkerId));
        Assert.Equal(["reads-1", "reads-2"], cases.Skip(2).Select(c => c.Team.TeamId));

        var first = await host.ClientAs(Role.Auditor).ListCaseloadAsync(new ListCaseloadRequest { Locality = "reads", PageSize = 3 }, cancellationToken: Cancel);
        var second = await host.ClientAs(Role.Auditor).ListCaseloadAsync(new ListCaseloadRequest { Locality = "reads", PageSize = 3, PageToken = first.NextPageToken }, cancellationToken: Cancel);

        Assert.Equal(new[] { cases[2], cases[3], cases[0] }.Select(c => c.AllocationId), first.Allocations.Select(a => a.AllocationId));
        Assert.Equal([cases[1].AllocationId], second.Allocations.Select(a => a.AllocationId));
        Assert.Equal("", second.NextPageToken);
        Assert.Equal([("rd-a", 1, 1), ("rd-b", 1, 1)], first.Workers.Select(w => (w.WorkerId, w.Caseload, w.CaseloadCap)));
        var pageChildren = first.Allocations.Select(a => a.ChildId).Order().ToList();
        var read = await host.CollectAsync<RecordViewed>(viewed, e => e.Method.EndsWith("/ListCaseload") && e.ChildIds.Order().SequenceEqual(pageChildren), 1, "RecordViewed for the first page");
        Assert.Equal((Role.Auditor, "allocation"), (read.Single().Header.Actor.Role, read.Single().Service));
    }

    [Fact]
    public async Task The_caseload_filters_by_team_worker_and_status()
    {
        var cases = await ReadsLocalityAsync();
        async Task<IEnumerable<string>> ListAsync(ListCaseloadRequest request) =>
            (await host.Manager.ListCaseloadAsync(request, cancellationToken: Cancel)).Allocations.Select(a => a.AllocationId);

        Assert.Equal([cases[3].AllocationId, cases[1].AllocationId], await ListAsync(new ListCaseloadRequest { TeamId = "reads-2" }));
        Assert.Equal([cases[0].AllocationId], await ListAsync(new ListCaseloadRequest { WorkerId = "rd-a" }));
        Assert.Equal([cases[2].AllocationId, cases[3].AllocationId], await ListAsync(new ListCaseloadRequest { Locality = "reads", Statuses = { AllocationStatus.Queued } }));
        Assert.Empty(await ListAsync(new ListCaseloadRequest { Locality = "reads", Statuses = { AllocationStatus.Closed } }));
        // Another authority's caseload is empty to walsall's staff.
        Assert.Empty(await ListAsync(new ListCaseloadRequest { LocalAuthority = "wolverhampton" }));
    }

    [Fact]
    public async Task A_bad_page_token_or_a_team_of_another_authority_is_refused()
    {
        var error = await RefusedAsync(() => host.Manager.ListCaseloadAsync(new ListCaseloadRequest { PageToken = "not-a-token", TeamId = "wv-1" }, cancellationToken: Cancel).ResponseAsync,
            StatusCode.InvalidArgument);
        Assert.Equal(["page_token", "team_id"], Fields(error));
    }

    [Fact]
    public async Task A_case_is_read_by_staff_of_its_authority_only_and_each_read_is_recorded()
    {
        var viewed = await host.CaptureAsync<RecordViewed>();
        var cases = await ReadsLocalityAsync();
        var request = new GetAllocationRequest { AllocationId = cases[0].AllocationId };

        var read = await host.ClientAs(Role.Auditor, subject: "auditor-one").GetAllocationAsync(request, cancellationToken: Cancel);

        Assert.Equal((cases[0].ChildId, "rd-a", Routings.AgeToday()), (read.Allocation.ChildId, read.Allocation.Worker.WorkerId, read.Allocation.AgeYears));
        var recorded = (await host.CollectAsync<RecordViewed>(viewed, e => e.ResourceId == cases[0].AllocationId && e.Header.Actor.Subject == "auditor-one", 1, "the auditor's RecordViewed")).Single();
        Assert.Equal(("auditor-one", "mash.allocation.v1.AllocationService/GetAllocation", cases[0].ChildId, cases[0].ContactId),
            (recorded.Header.Actor.Subject, recorded.Method, recorded.Header.ChildId, recorded.Header.ContactId));

        await RefusedAsync(() => host.ClientAs(Role.Manager, "wolverhampton").GetAllocationAsync(request, cancellationToken: Cancel).ResponseAsync, StatusCode.NotFound);
        await RefusedAsync(() => host.ClientAs(Role.Partner, agency: "wmp").GetAllocationAsync(request, cancellationToken: Cancel).ResponseAsync, StatusCode.PermissionDenied);
        Assert.Equal(["allocation_id"], Fields(await RefusedAsync(() => host.Client.GetAllocationAsync(new GetAllocationRequest(), cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument)));
    }
}
