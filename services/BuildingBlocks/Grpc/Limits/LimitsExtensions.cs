using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mash.BuildingBlocks.Grpc.Limits;

public static class LimitsExtensions
{
    /// <summary>The default largest request a service reads: a contact is a few kilobytes; this leaves ample room.</summary>
    public const int DefaultMaxRequestBytes = 1024 * 1024;

    /// <summary>
    /// The largest request message a service reads (Mash:MaxRequestBytes): a larger one gets
    /// RESOURCE_EXHAUSTED before it is parsed. (gRPC's own limit, not Kestrel's body limit, which
    /// would reset the stream and leave the caller with UNKNOWN.)
    /// </summary>
    public static WebApplicationBuilder AddRequestSizeLimit(this WebApplicationBuilder builder)
    {
        var maxBytes = builder.Configuration.GetValue("Mash:MaxRequestBytes", DefaultMaxRequestBytes);
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = maxBytes);
        return builder;
    }

    /// <summary>
    /// Per-caller rate limits on the methods named in the RateLimits section (intake limits
    /// SubmitContact per agency). Call after AddMashIdentity: only authenticated, permitted calls
    /// spend a caller's allowance.
    /// </summary>
    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<Dictionary<string, MethodRateLimit>>(builder.Configuration.GetSection("RateLimits"));
        builder.Services.AddSingleton<RateLimitInterceptor>();
        builder.Services.AddGrpc(o => o.Interceptors.Add<RateLimitInterceptor>());
        return builder;
    }
}
