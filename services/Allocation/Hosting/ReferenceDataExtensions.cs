using Mash.Allocation.Domain.Teams;
using Mash.BuildingBlocks.ReferenceData;
using Microsoft.Extensions.Options;

namespace Mash.Allocation.Hosting;

public static class ReferenceDataExtensions
{
    /// <summary>The localities, the teams and workers of the same files, and the working calendar: singletons read from the seeds.</summary>
    public static IHostApplicationBuilder AddAllocationReferenceData(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<AllocationOptions>(builder.Configuration.GetSection(AllocationOptions.Section));
        builder.Services.AddSingleton(services => ReferenceDataFiles.LoadLocalities(Resolved(services).LocalitiesPath, "Allocation__LocalitiesPath", Logger(services)));
        builder.Services.AddSingleton(services => ReferenceDataFiles.LoadCalendar(Resolved(services).CalendarFile, "Allocation__CalendarFile", Logger(services)));
        builder.Services.AddSingleton(LoadTeams);
        return builder;
    }

    /// <summary>Reads every file now, so a broken one stops the start rather than the first routing.</summary>
    public static void LoadReferenceData(this IServiceProvider services)
    {
        services.GetRequiredService<TeamDirectory>();
        services.GetRequiredService<WorkingCalendar>();
    }

    static TeamDirectory LoadTeams(IServiceProvider services)
    {
        var folder = Resolved(services).LocalitiesPath;
        var logger = Logger(services);
        var (teams, errors) = TeamDirectoryLoader.Load(ReferenceDataFiles.ReadFolder(folder, "Allocation__LocalitiesPath"), services.GetRequiredService<LocalityDirectory>());
        var loaded = ReferenceDataFiles.Require(teams, errors, "teams", folder, logger);
        logger.LogInformation("{TeamCount} teams with {WorkerCount} workers loaded from {Folder}",
            loaded.Teams.Count, loaded.Teams.Sum(t => t.Workers.Count), folder);
        return loaded;
    }

    static AllocationOptions Resolved(IServiceProvider services) => services.GetRequiredService<IOptions<AllocationOptions>>().Value.Resolved();

    static ILogger Logger(IServiceProvider services) => services.GetRequiredService<ILoggerFactory>().CreateLogger("Mash.Allocation.ReferenceData");
}
