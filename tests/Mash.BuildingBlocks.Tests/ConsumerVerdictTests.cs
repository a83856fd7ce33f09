using Mash.BuildingBlocks.Messaging.Health;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

public sealed class ConsumerVerdictTests
{
    static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Fact]
    public void Before_the_first_look_the_service_is_not_ready_but_not_stalled_either()
    {
        var verdict = ConsumerVerdict.NotYetChecked;
        Assert.False(verdict.Consuming);
        Assert.False(verdict.StalledFor(TimeSpan.Zero, T0));
    }

    [Fact]
    public void A_stall_keeps_the_moment_it_began_until_a_clean_look_and_counts_from_there()
    {
        var stalled = ConsumerVerdict.NotYetChecked.Next(["queue a has no consumer"], T0);
        var still = stalled.Next(["bus Unhealthy: Not ready"], T0 + TimeSpan.FromMinutes(1));

        Assert.Equal((false, T0), (still.Consuming, still.StalledSince));
        Assert.Equal(["bus Unhealthy: Not ready"], still.Problems);
        Assert.False(still.StalledFor(Limit, T0 + Limit - TimeSpan.FromSeconds(1)));
        Assert.True(still.StalledFor(Limit, T0 + Limit));
    }

    [Fact]
    public void A_clean_look_ends_the_stall_and_the_next_one_starts_its_own_count()
    {
        var recovered = ConsumerVerdict.NotYetChecked.Next(["x"], T0).Next([], T0 + TimeSpan.FromMinutes(1));
        Assert.Equal((true, (DateTimeOffset?)null), (recovered.Consuming, recovered.StalledSince));

        var again = recovered.Next(["x"], T0 + TimeSpan.FromMinutes(3));
        Assert.False(again.StalledFor(Limit, T0 + TimeSpan.FromMinutes(4)));
    }
}
