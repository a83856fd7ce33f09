namespace Mash.Audit.Trail;

public static class TrailExtensions
{
    /// <summary>The hash-chained trail: the appender the trail consumers use and the verifier behind VerifyTrail.</summary>
    public static IHostApplicationBuilder AddTrail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<TrailAppender>();
        builder.Services.AddScoped<TrailVerifier>();
        builder.Services.AddSingleton<TrailWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TrailWriter>());
        return builder;
    }
}
