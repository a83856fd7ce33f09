using Mash.BuildingBlocks.ReferenceData;

namespace Mash.EarlyHelp.Hosting;

/// <summary>
/// The <c>EarlyHelp</c> configuration section. Empty paths mean the repository's seeds (found above
/// the build output), so <c>deploy/mash up</c> needs no extra settings.
/// </summary>
public sealed class EarlyHelpOptions
{
    public const string Section = "EarlyHelp";

    /// <summary>The folder of lead professional directories (<c>*.yaml</c>); default <c>seeds/directory</c>.</summary>
    public string DirectoryPath { get; set; } = "";

    /// <summary>The folder of locality files; default <c>seeds/localities</c>.</summary>
    public string LocalitiesPath { get; set; } = "";

    /// <summary>The gov.uk bank-holidays JSON; default <c>seeds/calendar/bank-holidays.json</c>.</summary>
    public string CalendarFile { get; set; } = "";

    /// <summary>Intake's gRPC address: step-ups read the family's contact there and submit the new one.</summary>
    public string IntakeAddress { get; set; } = "http://127.0.0.1:5101";

    /// <summary>How often the clock scheduler looks for lead professional clocks at risk or breached.</summary>
    public TimeSpan ClockPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Development and tests only: the service's "now" is read from this file (FileTimeProvider).</summary>
    public string TimeFile { get; set; } = "";

    public EarlyHelpOptions Resolved() => new()
    {
        DirectoryPath = ReferenceDataFiles.SeedPath(DirectoryPath, "directory"),
        LocalitiesPath = ReferenceDataFiles.SeedPath(LocalitiesPath, "localities"),
        CalendarFile = ReferenceDataFiles.SeedPath(CalendarFile, "calendar", "bank-holidays.json"),
        IntakeAddress = IntakeAddress,
        ClockPollInterval = ClockPollInterval > TimeSpan.Zero ? ClockPollInterval : TimeSpan.FromSeconds(30),
        TimeFile = TimeFile,
    };
}
