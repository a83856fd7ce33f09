using Mash.Audit.Domain.Reports.AnnexA;
using Mash.BuildingBlocks.ReferenceData;
using Microsoft.Extensions.Options;

namespace Mash.Audit.Reports;

public static class ReportsExtensions
{
    /// <summary>The report queries and the Annex A spec (read once, at start, from the seeds or the configured file).</summary>
    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<ReportsOptions>(builder.Configuration.GetSection(ReportsOptions.Section));
        builder.Services.AddSingleton(services => LoadAnnexA(
            services.GetRequiredService<IOptions<ReportsOptions>>().Value.ResolvedAnnexAFile(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Mash.Audit.Reports")));
        builder.Services.AddScoped<ReportQueries>();
        builder.Services.AddScoped<AnnexAExport>();
        return builder;
    }

    /// <summary>Reads the Annex A spec now, so a broken file stops the start rather than the first export.</summary>
    public static void LoadReportSpecs(this IServiceProvider services) => services.GetRequiredService<AnnexASpec>();

    static AnnexASpec LoadAnnexA(string file, ILogger logger)
    {
        if (!File.Exists(file))
            throw new InvalidOperationException($"The Annex A file {file} does not exist (Reports__AnnexAFile)");
        var (spec, errors) = AnnexASpecLoader.Load(SeedRoot.DisplayName(file), File.ReadAllText(file));
        var loaded = ReferenceDataFiles.Require(spec, errors, "Annex A columns", file, logger);
        logger.LogInformation("Annex A columns loaded from {File}: {Lists} lists, {LookBack}-month look-back",
            SeedRoot.DisplayName(file), loaded.Lists.Count, loaded.LookBackMonths);
        return loaded;
    }
}
