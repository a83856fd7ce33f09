using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Mash.BuildingBlocks.Data;

/// <summary>
/// Retries a start-up step while PostgreSQL is unreachable or answers too slowly (Polly: backoff
/// with jitter and an overall limit, rather than a hand-written loop). Only transient failures are
/// retried: a refused login or a failed migration script ends the start at once.
/// </summary>
public static class StartupRetry
{
    public static ResiliencePipeline Pipeline(TimeSpan wait, ILogger logger) => new ResiliencePipelineBuilder()
        .AddTimeout(new TimeoutStrategyOptions { Timeout = wait })
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(500),
            MaxDelay = TimeSpan.FromSeconds(10),
            UseJitter = true,
            OnRetry = args =>
            {
                logger.LogWarning("Database not ready ({Error}); attempt {Attempt}, retrying in {Delay}",
                    args.Outcome.Exception?.GetType().Name, args.AttemptNumber + 1, args.RetryDelay);
                return default;
            },
        })
        .Build();

    /// <summary>A connection that could not be made or timed out, anywhere in the exception's chain.</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is NpgsqlException { IsTransient: true } or TimeoutException or System.Net.Sockets.SocketException) return true;
        return false;
    }
}
