using Mash.Audit.Messaging;
using Mash.BuildingBlocks.Data;

namespace Mash.Audit.Trail;

public static class TrailExtensions
{
    /// <summary>
    /// The hash-chained trail: the writer the trail consumers hand events to (with the effects it
    /// applies beside each entry: clocks and report projections), and the verifier behind VerifyTrail.
    /// </summary>
    public static IHostApplicationBuilder AddTrail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<TrailAppender>();
        builder.Services.AddScoped<TrailVerifier>();
        builder.Services.AddScoped<EventEffects>();
        builder.Services.AddGroupCommit<TrailWriter>();
        return builder;
    }
}
