using Mash.BuildingBlocks.ReferenceData;

namespace Mash.Allocation.Hosting;

/// <summary>
/// The <c>Allocation</c> configuration section: where the localities (with their teams and workers)
/// and the bank holidays are read from. Empty paths mean the repository's seeds.
/// </summary>
public sealed class AllocationOptions
{
    public const string Section = "Allocation";

    /// <summary>The folder of locality files (<c>*.yaml</c>, with <c>teams</c>); default <c>seeds/localities</c>.</summary>
    public string LocalitiesPath { get; set; } = "";

    /// <summary>The gov.uk bank-holidays JSON; default <c>seeds/calendar/bank-holidays.json</c>.</summary>
    public string CalendarFile { get; set; } = "";

    public AllocationOptions Resolved() => new()
    {
        LocalitiesPath = ReferenceDataFiles.SeedPath(LocalitiesPath, "localities"),
        CalendarFile = ReferenceDataFiles.SeedPath(CalendarFile, "calendar", "bank-holidays.json"),
    };
}
