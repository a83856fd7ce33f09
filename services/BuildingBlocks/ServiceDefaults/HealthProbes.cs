using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mash.BuildingBlocks.ServiceDefaults;

/// <summary>
/// The two questions an orchestrator asks, as gRPC health services: <c>liveness</c> (is the process
/// answering at all: restart it if not) and <c>readiness</c> (can it do its work now: database
/// reachable, bus connected, every receive endpoint consuming). The empty service name, which
/// deploy/mash, compose and most probes ask, is readiness.
/// </summary>
public static class HealthProbes
{
    public const string Liveness = "liveness";
    public const string Readiness = "readiness";

    /// <summary>Tag of the checks liveness answers from.</summary>
    public const string Live = "live";

    /// <summary>Tag of the checks readiness answers from (MassTransit tags its own bus check so too).</summary>
    public const string Ready = "ready";

    public static IHealthChecksBuilder AddHealthProbes(this IServiceCollection services) =>
        services.AddGrpcHealthChecks(o =>
            {
                o.Services.Map("", r => r.Tags.Contains(Ready));
                o.Services.Map(Readiness, r => r.Tags.Contains(Ready));
                o.Services.Map(Liveness, r => r.Tags.Contains(Live));
            })
            .AddCheck("self", () => HealthCheckResult.Healthy(), tags: [Live, Ready]);
}
