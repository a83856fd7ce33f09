using Microsoft.Extensions.Options;

namespace Mash.Audit.Checkpoints;

public static class CheckpointExtensions
{
    /// <summary>
    /// Signed checkpoints of the trail's head (Audit__Checkpoints__*): the store, the check behind
    /// VerifyTrail and, with a private key, the writer. Production will not start without a
    /// directory and a private key: a trail whose tail nobody anchors can be cut unnoticed.
    /// </summary>
    public static IHostApplicationBuilder AddTrailCheckpoints(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(CheckpointOptions.Section);
        builder.Services.Configure<CheckpointOptions>(section);
        var options = section.Get<CheckpointOptions>() ?? new CheckpointOptions();
        if (options.Refusals(builder.Environment.IsProduction()) is [_, ..] refusals)
            throw new InvalidOperationException(string.Join("; ", refusals));

        builder.Services.AddSingleton<CheckpointKeys>();
        builder.Services.AddSingleton<CheckpointStore>();
        builder.Services.AddSingleton<CheckpointTrigger>();
        builder.Services.AddScoped<CheckpointVerifier>();
        if (options.Writes) builder.Services.AddHostedService<CheckpointWriter>();
        return builder;
    }

    /// <summary>Reads the keys now, so a missing or broken key file stops the start rather than the first round.</summary>
    public static void LoadCheckpointKeys(this IServiceProvider services)
    {
        services.GetRequiredService<CheckpointKeys>();
        var options = services.GetRequiredService<IOptions<CheckpointOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Mash.Audit.Checkpoints");
        if (!options.Enabled) logger.LogWarning("Trail checkpoints are off (Audit__Checkpoints__Directory unset): a cut tail of the trail would go unnoticed");
        else if (!options.Writes) logger.LogInformation("Trail checkpoints are checked, not written, by this instance (no private key)");
    }
}
