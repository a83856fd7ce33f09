using Mash.Load;
using Xunit;

namespace Mash.Load.Tests;

public class ScheduleTests
{
    [Fact]
    public void Fixed_schedule_sends_rate_times_duration_evenly()
    {
        var schedule = Schedule.Fixed(300, TimeSpan.FromSeconds(60));
        Assert.Equal(18_000, schedule.Length);
        Assert.Equal(TimeSpan.Zero, schedule[0]);
        Assert.Equal(TimeSpan.FromSeconds(1), schedule[300]);
        Assert.True(schedule[^1] < TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void Fixed_schedule_by_count_has_exactly_that_many() => Assert.Equal(72_000, Schedule.Fixed(250, 72_000).Length);

    [Fact]
    public void Poisson_schedule_is_deterministic_for_a_seed_and_keeps_the_rate()
    {
        var a = Schedule.Poisson(200, TimeSpan.FromSeconds(100), seed: 7);
        Assert.Equal(a, Schedule.Poisson(200, TimeSpan.FromSeconds(100), seed: 7));
        Assert.InRange(a.Length, 19_400, 20_600); // 20,000 expected, standard deviation about 141
        Assert.True(a.Zip(a.Skip(1)).All(p => p.First <= p.Second));
        Assert.All(a, t => Assert.InRange(t, TimeSpan.Zero, TimeSpan.FromSeconds(100)));
    }
}
