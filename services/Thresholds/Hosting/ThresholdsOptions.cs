using Mash.BuildingBlocks.ReferenceData;

namespace Mash.Thresholds.Hosting;

/// <summary>
/// The <c>Thresholds</c> configuration section: where the rule sets, localities and bank holidays
/// are read from, and how often the rule-set folder is re-scanned. Empty paths mean the repository's
/// seeds (found above the build output), so <c>deploy/mash up</c> needs no extra settings.
/// </summary>
public sealed class ThresholdsOptions
{
    public const string Section = "Thresholds";

    /// <summary>The folder of rule-set files (<c>*.yaml</c>); default <c>seeds/thresholds</c>.</summary>
    public string RuleSetsPath { get; set; } = "";

    /// <summary>The folder of locality files (<c>*.yaml</c>); default <c>seeds/localities</c>.</summary>
    public string LocalitiesPath { get; set; } = "";

    /// <summary>The gov.uk bank-holidays JSON; default <c>seeds/calendar/bank-holidays.json</c>.</summary>
    public string CalendarFile { get; set; } = "";

    /// <summary>How often the rule-set folder is looked at again for new or changed files.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The paths with the seeds' defaults filled in.</summary>
    public ThresholdsOptions Resolved()
    {
        return new ThresholdsOptions
        {
            RuleSetsPath = ReferenceDataFiles.SeedPath(RuleSetsPath, "thresholds"),
            LocalitiesPath = ReferenceDataFiles.SeedPath(LocalitiesPath, "localities"),
            CalendarFile = ReferenceDataFiles.SeedPath(CalendarFile, "calendar", "bank-holidays.json"),
            ReloadInterval = ReloadInterval > TimeSpan.Zero ? ReloadInterval : TimeSpan.FromSeconds(5),
        };
    }
}
