using Mash.BuildingBlocks.ReferenceData;

namespace Mash.Audit.Clocks;

/// <summary>The <c>Audit:Clocks</c> configuration section.</summary>
public sealed class ClockOptions
{
    public const string Section = "Audit:Clocks";

    /// <summary>The gov.uk bank-holidays JSON; default <c>seeds/calendar/bank-holidays.json</c>.</summary>
    public string CalendarFile { get; set; } = "";

    /// <summary>The longest the scheduler sleeps between passes (it wakes earlier when an alert falls due).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many alerts one pass raises in one transaction.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Development and tests only: a file holding an ISO-8601 instant that is the service's "now"
    /// (re-read on every look at the clock), so a test can move time across a weekend. Refused in
    /// Production.
    /// </summary>
    public string TimeFile { get; set; } = "";

    public string ResolvedCalendarFile => ReferenceDataFiles.SeedPath(CalendarFile, "calendar", "bank-holidays.json");
}
