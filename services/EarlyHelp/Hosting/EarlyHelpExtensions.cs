using Mash.BuildingBlocks.ReferenceData;
using Mash.BuildingBlocks.ServiceDefaults;
using Mash.Contracts.Intake.V1;
using Mash.EarlyHelp.Domain;
using Mash.EarlyHelp.Episodes;
using Microsoft.Extensions.Options;

namespace Mash.EarlyHelp.Hosting;

public static class EarlyHelpExtensions
{
    /// <summary>
    /// The reference data (localities, bank holidays, the lead professional directory), the pathway's
    /// services, the clock scheduler and the intake client step-ups use.
    /// </summary>
    public static IHostApplicationBuilder AddEarlyHelpPathway(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(EarlyHelpOptions.Section);
        builder.Services.Configure<EarlyHelpOptions>(section);
        builder.UseTimeFile(section, nameof(EarlyHelpOptions.TimeFile));
        builder.Services.AddSingleton(services => ReferenceDataFiles.LoadLocalities(Resolved(services).LocalitiesPath, "EarlyHelp__LocalitiesPath", Logger(services)));
        builder.Services.AddSingleton(services => ReferenceDataFiles.LoadCalendar(Resolved(services).CalendarFile, "EarlyHelp__CalendarFile", Logger(services)));
        builder.Services.AddSingleton(LoadDirectory);
        builder.Services.AddScoped<LeadProfessionals>();
        builder.Services.AddScoped<EpisodeOpening>();
        builder.Services.AddScoped<EpisodeClosing>();
        builder.Services.AddScoped<ClockAlerts>();
        builder.Services.AddHostedService<ClockScheduler>();
        builder.Services.AddGrpcClient<IntakeService.IntakeServiceClient>((services, o) => o.Address = new Uri(Resolved(services).IntakeAddress));
        return builder;
    }

    /// <summary>Reads the reference data now, so a broken file stops the start rather than the first episode.</summary>
    public static void LoadReferenceData(this IServiceProvider services)
    {
        services.GetRequiredService<WorkingCalendar>();
        services.GetRequiredService<LeadProfessionalDirectory>();
    }

    static LeadProfessionalDirectory LoadDirectory(IServiceProvider services)
    {
        var folder = Resolved(services).DirectoryPath;
        var logger = Logger(services);
        var files = ReferenceDataFiles.ReadFolder(folder, "EarlyHelp__DirectoryPath");
        var (directory, errors) = LeadProfessionalDirectory.Load(files, services.GetRequiredService<LocalityDirectory>());
        var loaded = ReferenceDataFiles.Require(directory, errors, "lead professional directory", folder, logger);
        logger.LogInformation("Lead professional directory loaded: {Count} lead professionals from {FileCount} files", loaded.All.Count, files.Count);
        return loaded;
    }

    internal static EarlyHelpOptions Resolved(IServiceProvider services) => services.GetRequiredService<IOptions<EarlyHelpOptions>>().Value.Resolved();

    static ILogger Logger(IServiceProvider services) => services.GetRequiredService<ILoggerFactory>().CreateLogger("Mash.EarlyHelp.ReferenceData");
}
