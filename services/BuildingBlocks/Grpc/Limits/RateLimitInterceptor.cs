using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Mash.BuildingBlocks.Identity;
using Microsoft.Extensions.Options;

namespace Mash.BuildingBlocks.Grpc.Limits;

/// <summary>
/// Refuses a caller's call to a rate-limited method once its bucket is empty, with
/// RESOURCE_EXHAUSTED and a google.rpc.RetryInfo saying when to try again, so a partner's
/// system backs off instead of flooding the front door. Other callers are not affected.
/// </summary>
public sealed class RateLimitInterceptor(IOptions<Dictionary<string, MethodRateLimit>> options) : Interceptor, IDisposable
{
    readonly ConcurrentDictionary<string, PartitionedRateLimiter<string>> _limiters = new(StringComparer.Ordinal);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        // The method the endpoint runs, not the path's spelling of it: a re-cased path is the same method and the same bucket.
        var method = context.GetHttpContext().GrpcMethod()?.Name ?? "";
        if (!options.Value.TryGetValue(method, out var limit)) return await continuation(request, context);

        var limiter = _limiters.GetOrAdd(method, _ => Create(limit));
        using var lease = limiter.AttemptAcquire(Caller(context));
        if (!lease.IsAcquired) throw Exhausted(method, lease);
        return await continuation(request, context);
    }

    // The bucket refills continuously at PermitsPerMinute (the partitioned limiter tops buckets up
    // on its own 100 ms timer, so AutoReplenishment stays off).
    static PartitionedRateLimiter<string> Create(MethodRateLimit limit) => PartitionedRateLimiter.Create<string, string>(caller =>
        RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, limit.Burst),
            TokensPerPeriod = Math.Max(1, limit.PermitsPerMinute),
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = false,
        }));

    /// <summary>A partner agency is one caller; anyone else is limited as themselves.</summary>
    static string Caller(ServerCallContext context)
    {
        var user = context.User();
        var agency = user.AgencyOf();
        return agency.Length > 0 ? $"agency:{agency}" : $"subject:{user.FindFirst(MashClaims.Subject)?.Value}";
    }

    static RpcException Exhausted(string method, RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        return RpcErrors.ResourceExhausted($"Too many {method} calls; try again in {Math.Ceiling(retryAfter.TotalSeconds)} s", retryAfter);
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values) limiter.Dispose();
    }
}
