using Mash.Audit.Clocks;
using Mash.Audit.Domain.Clocks;
using Mash.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Mash.Audit.Tests.Domain;

/// <summary>
/// The scheduler's loop on a fake clock: alerts fire at their instant even though nothing else
/// happens, and not a tick before. The store is a list of clocks in memory.
/// </summary>
public sealed class AlertLoopTests
{
    /// <summary>A fake clock that counts the timers set on it, so the test knows the loop is asleep before it moves time.</summary>
    sealed class WatchedTime(DateTimeOffset start) : FakeTimeProvider(start)
    {
        int _timers;
        public int Timers => Volatile.Read(ref _timers);
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _timers);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    sealed class MemoryClocks(params ClockTimes[] clocks)
    {
        readonly ClockTimes[] _clocks = clocks;
        public List<(int Clock, ClockAlert Alert, DateTimeOffset At)> Raised { get; } = [];
        public int Passes;

        public Task<DateTimeOffset?> PassAsync(DateTimeOffset now, CancellationToken _)
        {
            lock (Raised)
            {
                for (var i = 0; i < _clocks.Length; i++)
                    foreach (var alert in _clocks[i].AlertsDue(now))
                    {
                        Raised.Add((i, alert, now));
                        _clocks[i] = alert == ClockAlert.Breached ? _clocks[i] with { BreachedRaisedAt = now, AtRiskRaisedAt = _clocks[i].AtRiskRaisedAt ?? now } : _clocks[i] with { AtRiskRaisedAt = now };
                    }
                Passes++;
                return Task.FromResult(_clocks.Select(c => c.NextAlertAt).Where(t => t is not null).Min());
            }
        }

        public List<(int, ClockAlert, DateTimeOffset)> Snapshot() { lock (Raised) return [.. Raised]; }
    }

    static readonly DateTimeOffset Thursday = new(2026, 12, 24, 15, 0, 0, TimeSpan.Zero);

    static ClockTimes Clock(DateTimeOffset start, DateTimeOffset due) => new(start, due, ClockTimes.AtRiskOf(start, due, ClockPlanTests.Christmas));

    [Fact]
    public async Task Alerts_fire_at_their_instants_across_the_christmas_weekend_with_no_other_event()
    {
        // The child seen clock of a child routed on Christmas Day (due at the end of 5 January) and a
        // decision due at the end of 29 December; each at risk with a fifth of its office time left.
        var seen = Clock(new DateTimeOffset(2026, 12, 25, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 6, 0, 0, 0, TimeSpan.Zero));
        var decision = Clock(Thursday, new DateTimeOffset(2026, 12, 30, 0, 0, 0, TimeSpan.Zero));
        var store = new MemoryClocks(seen, decision);
        var time = new WatchedTime(Thursday);
        using var stop = new CancellationTokenSource();
        var loop = AlertLoop.RunAsync(store.PassAsync, time, TimeSpan.FromDays(30), NullLogger.Instance, stop.Token);

        var expected = new List<(int, ClockAlert, DateTimeOffset)>();
        foreach (var (clock, alert, at) in new[]
        {
            (1, ClockAlert.AtRisk, new DateTimeOffset(2026, 12, 29, 15, 0, 0, TimeSpan.Zero)),
            (1, ClockAlert.Breached, new DateTimeOffset(2026, 12, 30, 0, 0, 0, TimeSpan.Zero)),
            (0, ClockAlert.AtRisk, new DateTimeOffset(2027, 1, 5, 9, 0, 0, TimeSpan.Zero)),
            (0, ClockAlert.Breached, new DateTimeOffset(2027, 1, 6, 0, 0, 0, TimeSpan.Zero)),
        })
        {
            await AsleepAsync(time, store);
            time.SetUtcNow(at.AddTicks(-1));
            await AsleepAsync(time, store);
            Assert.Equal(expected, store.Snapshot());

            time.SetUtcNow(at);
            expected.Add((clock, alert, at));
            await Eventually.Until(() => Task.FromResult(store.Snapshot().Count), n => n == expected.Count, $"{alert} of clock {clock}");
            Assert.Equal(expected, store.Snapshot());
        }

        stop.Cancel();
        await loop;
    }

    /// <summary>The loop has finished its passes and set its timer: as many timers as passes.</summary>
    static Task AsleepAsync(WatchedTime time, MemoryClocks store) =>
        Eventually.Until(() => Task.FromResult((time.Timers, store.Passes)), t => t.Timers == t.Passes && t.Passes > 0, "the loop to sleep");

    [Fact]
    public void The_loop_sleeps_until_the_next_alert_but_never_longer_than_the_poll_interval()
    {
        var now = Thursday;
        Assert.Equal(TimeSpan.FromMinutes(1), AlertLoop.SleepUntil(now.AddMinutes(1), now, TimeSpan.FromSeconds(5 * 60)));
        Assert.Equal(TimeSpan.FromMinutes(5), AlertLoop.SleepUntil(now.AddDays(1), now, TimeSpan.FromMinutes(5)));
        Assert.Equal(TimeSpan.FromMinutes(5), AlertLoop.SleepUntil(null, now, TimeSpan.FromMinutes(5)));
        Assert.Equal(TimeSpan.Zero, AlertLoop.SleepUntil(now.AddMinutes(-1), now, TimeSpan.FromMinutes(5)));
    }
}
