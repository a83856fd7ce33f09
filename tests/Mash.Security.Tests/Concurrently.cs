using System.Diagnostics;
using Xunit;

namespace Mash.Security.Tests;

/// <summary>The suite's many small calls, a few at a time.</summary>
public static class Concurrently
{
    /// <summary>Calls in flight at once: enough to be quick, few enough for a 2-core CI machine.</summary>
    public const int InFlight = 8;

    /// <summary>Runs every call, <see cref="InFlight"/> at a time; returns how long they took.</summary>
    public static async Task<TimeSpan> RunAsync<T>(IEnumerable<T> calls, Func<T, Task> call)
    {
        var clock = Stopwatch.StartNew();
        var options = new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = TestContext.Current.CancellationToken };
        await Parallel.ForEachAsync(calls, options, async (c, _) => await call(c));
        return clock.Elapsed;
    }
}
