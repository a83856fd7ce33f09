using Mash.Allocation.Domain.Placement;
using Mash.Allocation.Domain.Teams;
using Mash.Contracts.Common.V1;

namespace Mash.Allocation.Tests.Domain;

public sealed class PlacementTests
{
    static WorkerLoad Load(string id, int caseload, int cap, string team = "team-1") => new(new SocialWorker(id, $"Worker {id}", team, cap), caseload);

    static Placed Place(IReadOnlyList<WorkerLoad> candidates, int groupSize = 1, WorkerLoad? child = null, WorkerLoad? sibling = null) =>
        Placement.Place(new PlacementRequest(true, candidates, child, sibling, groupSize));

    [Fact]
    public void The_worker_with_the_lowest_load_under_the_cap_gets_the_case()
    {
        var placed = Place([Load("w-a", 5, 18), Load("w-b", 3, 18), Load("w-c", 4, 18)]);
        Assert.Equal((PlacementReason.LowestLoad, "w-b", false), (placed.Reason, placed.Worker!.Id, placed.OverCap));
    }

    [Fact]
    public void A_worker_at_the_cap_is_passed_over_however_low_the_load()
    {
        var placed = Place([Load("w-a", 2, 2), Load("w-b", 9, 18)]);
        Assert.Equal("w-b", placed.Worker!.Id);
    }

    [Fact]
    public void Equal_loads_go_to_the_worker_with_more_room_then_to_the_lower_id()
    {
        Assert.Equal("w-b", Place([Load("w-a", 3, 16), Load("w-b", 3, 20), Load("w-c", 3, 18)]).Worker!.Id);
        Assert.Equal("w-a", Place([Load("w-c", 3, 18), Load("w-a", 3, 18), Load("w-b", 3, 18)]).Worker!.Id);
    }

    [Fact]
    public void Nobody_with_room_queues_the_case_for_capacity()
    {
        var placed = Place([Load("w-a", 18, 18), Load("w-b", 21, 20)]);
        Assert.Equal((PlacementReason.Queued, null, QueueReason.NoCapacity), (placed.Reason, placed.Worker, placed.QueueReason));
    }

    [Fact]
    public void A_child_without_a_locality_is_queued_for_a_manager_to_place()
    {
        var placed = Placement.Place(new PlacementRequest(false, []));
        Assert.Equal((PlacementReason.Queued, QueueReason.NoLocality), (placed.Reason, placed.QueueReason));
    }

    [Fact]
    public void A_child_already_open_goes_to_the_allocated_worker_even_with_lighter_colleagues_and_past_the_cap()
    {
        var placed = Place([Load("w-a", 0, 18)], child: Load("w-x", 19, 18, "team-9"));
        Assert.Equal((PlacementReason.AlreadyOpen, "w-x", true), (placed.Reason, placed.Worker!.Id, placed.OverCap));
        Assert.False(Place([Load("w-a", 0, 18)], child: Load("w-x", 18, 18)).OverCap);
    }

    [Fact]
    public void A_sibling_follows_the_first_sibling_s_worker_even_to_the_cap_and_beyond()
    {
        var underCap = Place([Load("w-a", 0, 18)], sibling: Load("w-s", 10, 18));
        Assert.Equal((PlacementReason.Sibling, "w-s", false), (underCap.Reason, underCap.Worker!.Id, underCap.OverCap));
        var atCap = Place([Load("w-a", 0, 18)], sibling: Load("w-s", 18, 18));
        Assert.Equal(("w-s", true), (atCap.Worker!.Id, atCap.OverCap));
    }

    [Fact]
    public void The_already_open_worker_wins_over_a_sibling_s()
    {
        var placed = Place([], child: Load("w-x", 3, 18), sibling: Load("w-s", 3, 18));
        Assert.Equal("w-x", placed.Worker!.Id);
    }

    [Fact]
    public void A_sibling_group_starts_with_a_worker_who_has_room_for_all_of_them()
    {
        // w-a is lighter but has room for two; w-b has room for the three siblings.
        var placed = Place([Load("w-a", 1, 3), Load("w-b", 4, 7)], groupSize: 3);
        Assert.Equal("w-b", placed.Worker!.Id);
        // Nobody has room for all: the lightest with room for one, and the rest follow.
        Assert.Equal("w-a", Place([Load("w-a", 1, 3), Load("w-b", 5, 7)], groupSize: 3).Worker!.Id);
    }

    [Fact]
    public void The_queue_a_case_joins_is_the_locality_team_with_fewest_waiting_then_the_first_in_the_file()
    {
        var teams = new[] { "t-1", "t-2", "t-3" }.Select(id => new SocialWorkTeam(id, id, "walsall", "north", [])).ToList();
        Assert.Equal("t-1", Placement.QueueTeam(teams, new Dictionary<string, int>())!.Id);
        Assert.Equal("t-3", Placement.QueueTeam(teams, new Dictionary<string, int> { ["t-1"] = 2, ["t-2"] = 1 })!.Id);
        Assert.Equal("t-2", Placement.QueueTeam(teams, new Dictionary<string, int> { ["t-1"] = 1, ["t-3"] = 1 })!.Id);
    }

    [Fact]
    public void Caseloads_count_children_not_referrals()
    {
        var child = Guid.NewGuid();
        var caseloads = new Caseloads([("w-a", child), ("w-a", child), ("w-a", Guid.NewGuid()), ("w-b", child)]);
        Assert.Equal((2, 1, 0), (caseloads.Of("w-a"), caseloads.Of("w-b"), caseloads.Of("w-c")));
        Assert.True(caseloads.Holds("w-b", child));
        caseloads.Add("w-c", child);
        Assert.Equal(1, caseloads.Of("w-c"));
    }
}
