using Mash.Load;
using Xunit;

namespace Mash.Load.Tests;

public class PercentileTests
{
    [Fact]
    public void Nearest_rank_of_one_to_a_hundred_is_the_percentile_itself()
    {
        var d = Distribution.Of(Enumerable.Range(1, 100).Select(i => (double)i).Reverse());
        Assert.Equal((100, 50.5, 50.0, 90.0, 95.0, 99.0, 100.0, 100.0), (d.Count, d.Mean, d.P50, d.P90, d.P95, d.P99, d.P999, d.Max));
    }

    [Fact]
    public void A_single_slow_sample_in_a_hundred_is_the_p99_and_not_hidden()
    {
        var samples = Enumerable.Repeat(1.0, 98).Append(500).Append(1000).ToArray();
        var d = Distribution.Of(samples);
        Assert.Equal((1.0, 500.0, 1000.0), (d.P95, d.P99, d.Max));
    }

    [Fact]
    public void No_samples_give_the_empty_distribution() => Assert.Equal(Distribution.Empty, Distribution.Of([]));

    [Fact]
    public void One_sample_is_every_percentile()
    {
        var d = Distribution.Of([7.0]);
        Assert.Equal((7.0, 7.0, 7.0), (d.P50, d.P99, d.P999));
    }
}
