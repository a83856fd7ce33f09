using Mash.Contracts.Allocation.V1;
using static Mash.Allocation.Tests.Service.Fixtures;
using static Mash.Allocation.Tests.Service.Routings;

namespace Mash.Allocation.Tests.Service;

/// <summary>
/// Routings consumed at the same moment (the consumer takes many messages at once): two children
/// never both take a worker's last slot, and siblings still land with one worker while other
/// children of the locality change the loads around them.
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class ConcurrencyTests(AllocationHost host)
{
    [Fact]
    public async Task Two_children_arriving_together_do_not_both_take_the_last_slot()
    {
        var children = Enumerable.Range(0, 2).Select(_ => Child(Postcode("race"))).ToList();

        await Task.WhenAll(children.Select(c => host.PublishAsync(c)));
        foreach (var c in children)
            await Mash.Testing.Eventually.Until(() => host.HandledAsync(c.Header.EventId, "ChildRoutedConsumer"), done => done, "both routings handled");

        var cases = await Task.WhenAll(children.Select(host.CaseOfAsync));
        Assert.Equal([AllocationStatus.Queued, AllocationStatus.Allocated], cases.Select(c => c.Status).Order());
        Assert.Equal("r-a", Assert.Single(cases, c => c.Status == AllocationStatus.Allocated).Worker.WorkerId);
        var caseload = await host.Manager.ListCaseloadAsync(new ListCaseloadRequest { Locality = "race" }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal((1, 1), (caseload.Workers.Single().Caseload, caseload.Workers.Single().CaseloadCap));
    }

    [Fact]
    public async Task Siblings_arriving_together_among_other_children_share_one_worker()
    {
        var families = Enumerable.Range(0, 3).Select(_ => Siblings(2, Postcode("together"))).ToList();
        var others = Enumerable.Range(0, 6).Select(_ => Child(Postcode("together"))).ToList();
        var all = families.SelectMany(f => f).Concat(others).ToList();

        // Interleaved and all at once, so each sibling is placed while loads move under it.
        await Task.WhenAll(all.OrderBy(_ => Random.Shared.Next()).Select(c => host.PublishAsync(c)));
        foreach (var c in all)
            await Mash.Testing.Eventually.Until(() => host.HandledAsync(c.Header.EventId, "ChildRoutedConsumer"), done => done, "every routing handled");

        foreach (var family in families)
        {
            var cases = await Task.WhenAll(family.Select(host.CaseOfAsync));
            Assert.All(cases, c => Assert.Equal(AllocationStatus.Allocated, c.Status));
            Assert.Single(cases.Select(c => c.Worker.WorkerId).Distinct());
        }
        // Twelve children on three workers of cap 10, lowest load first: nobody is over the cap or idle.
        var caseload = await host.Manager.ListCaseloadAsync(new ListCaseloadRequest { Locality = "together" }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(12, caseload.Workers.Sum(w => w.Caseload));
        Assert.All(caseload.Workers, w => Assert.InRange(w.Caseload, 2, 6));
    }
}
