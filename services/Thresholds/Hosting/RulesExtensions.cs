using Mash.BuildingBlocks.ReferenceData;
using Mash.Thresholds.Domain.RuleSets;
using Microsoft.Extensions.Options;

namespace Mash.Thresholds.Hosting;

public static class RulesExtensions
{
    /// <summary>
    /// The rule-set catalogue (filled and kept fresh by <see cref="RuleSetReloader"/>), the locality
    /// directory and the working calendar, all singletons read from the seeds (or the configured paths).
    /// </summary>
    public static IHostApplicationBuilder AddThresholdRules(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<ThresholdsOptions>(builder.Configuration.GetSection(ThresholdsOptions.Section));
        builder.Services.AddSingleton<RuleSetCatalog>();
        builder.Services.AddSingleton<RuleSetLoadTimes>();
        builder.Services.AddSingleton(services => ReferenceDataFiles.LoadLocalities(Resolved(services).LocalitiesPath, "Thresholds__LocalitiesPath", Logger(services)));
        builder.Services.AddSingleton(services => ReferenceDataFiles.LoadCalendar(Resolved(services).CalendarFile, "Thresholds__CalendarFile", Logger(services)));
        builder.Services.AddHostedService<RuleSetReloader>();
        return builder;
    }

    /// <summary>Reads the localities and the calendar now, so a broken file stops the start rather than the first contact.</summary>
    public static void LoadReferenceData(this IServiceProvider services)
    {
        services.GetRequiredService<LocalityDirectory>();
        services.GetRequiredService<WorkingCalendar>();
    }

    static ThresholdsOptions Resolved(IServiceProvider services) => services.GetRequiredService<IOptions<ThresholdsOptions>>().Value.Resolved();

    static ILogger Logger(IServiceProvider services) => services.GetRequiredService<ILoggerFactory>().CreateLogger("Mash.Thresholds.ReferenceData");
}
