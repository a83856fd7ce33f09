using Grpc.Core;

namespace Mash.Chaos;

/// <summary>
/// How a client that must not give up calls a service that may be down for a while: every call
/// has a deadline, and a failure that says "not now" (the process is gone, its database or broker
/// is restarting, the caller is over its allowance) is retried after a growing pause, until the
/// run's deadline. Anything else is the caller's to handle.
/// </summary>
public static class Retry
{
    public static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(30);

    public static bool IsTransient(RpcException e) => e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown
        or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.Cancelled;

    /// <summary>Calls until it answers or fails with more than a transient error; counts the retries.</summary>
    public static async Task<T> UntilAnsweredAsync<T>(Func<DateTime, Task<T>> call, DateTime runDeadline, Action onRetry, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try { return await call(DateTime.UtcNow + CallDeadline); }
            catch (RpcException e) when (IsTransient(e) && DateTime.UtcNow < runDeadline && !cancellationToken.IsCancellationRequested)
            {
                onRetry();
                await PauseAsync(attempt, cancellationToken);
            }
        }
    }

    /// <summary>200 ms, doubling to at most 3 s.</summary>
    public static Task PauseAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Math.Min(3000, 200 * Math.Pow(2, Math.Min(attempt, 4)))), cancellationToken);
}
