using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Intake.Domain;
using Mash.Intake.Grpc;
using Microsoft.Extensions.Options;

namespace Mash.Intake.Hosting;

public static class IntakeExtensions
{
    /// <summary>
    /// What names a contact's receiving hub (the localities and the agencies' registrations, read
    /// from the seeds) and the early help client that confirms a step-up before it is accepted.
    /// </summary>
    public static IHostApplicationBuilder AddReceivingHubs(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<IntakeOptions>(builder.Configuration.GetSection(IntakeOptions.Section));
        builder.Services.AddSingleton(services => ReferenceDataFiles.LoadLocalities(Resolved(services).LocalitiesPath, "Intake__LocalitiesPath", Logger(services)));
        builder.Services.AddSingleton(LoadAgencies);
        builder.Services.AddGrpcClient<EarlyHelpService.EarlyHelpServiceClient>((services, o) => o.Address = new Uri(Resolved(services).EarlyHelpAddress));
        builder.Services.AddScoped<StepUpCheck>();
        return builder;
    }

    /// <summary>Reads the seeds now, so a broken file stops the start rather than the first contact.</summary>
    public static void LoadReferenceData(this IServiceProvider services) => services.GetRequiredService<AgencyRegistry>();

    static AgencyRegistry LoadAgencies(IServiceProvider services)
    {
        var folder = Resolved(services).AgenciesPath;
        var logger = Logger(services);
        var files = ReferenceDataFiles.ReadFolder(folder, "Intake__AgenciesPath");
        var (registry, errors) = AgencyRegistry.Load(files, services.GetRequiredService<LocalityDirectory>());
        var loaded = ReferenceDataFiles.Require(registry, errors, "agency registrations", folder, logger);
        logger.LogInformation("Agency registrations loaded: {Count} agencies from {FileCount} files", loaded.Count, files.Count);
        return loaded;
    }

    static IntakeOptions Resolved(IServiceProvider services) => services.GetRequiredService<IOptions<IntakeOptions>>().Value.Resolved();

    static ILogger Logger(IServiceProvider services) => services.GetRequiredService<ILoggerFactory>().CreateLogger("Mash.Intake.ReferenceData");
}
