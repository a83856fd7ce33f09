using Mash.Thresholds.Domain.Calendar;
using Mash.Thresholds.Domain.Places;

namespace Mash.Thresholds.Hosting;

/// <summary>The localities and the bank holidays, read once at start-up; a file that does not load stops the start.</summary>
public static class ReferenceData
{
    public static LocalityDirectory LoadLocalities(ThresholdsOptions options, ILogger logger)
    {
        if (!Directory.Exists(options.LocalitiesPath))
            throw new InvalidOperationException($"The localities folder {options.LocalitiesPath} does not exist (Thresholds__LocalitiesPath)");
        var files = Directory.GetFiles(options.LocalitiesPath, "*.yaml").Order(StringComparer.Ordinal)
            .Select(path => (SeedRoot.DisplayName(path), File.ReadAllText(path))).ToList();
        var (directory, errors) = LocalityDirectory.Load(files);
        foreach (var error in errors)
            logger.LogError("Localities error {File}:{Line}: {Error}", error.File, error.Line, error.Message);
        if (directory is null || errors.Count > 0)
            throw new InvalidOperationException($"The localities in {options.LocalitiesPath} did not load: {string.Join("; ", errors)}");
        logger.LogInformation("Localities loaded for {Authorities} from {FileCount} files", string.Join(", ", directory.Authorities), files.Count);
        return directory;
    }

    public static WorkingCalendar LoadCalendar(ThresholdsOptions options, ILogger logger)
    {
        if (!File.Exists(options.CalendarFile))
            throw new InvalidOperationException($"The bank holidays file {options.CalendarFile} does not exist (Thresholds__CalendarFile)");
        var calendar = WorkingCalendar.FromGovUkJson(File.ReadAllText(options.CalendarFile));
        logger.LogInformation("Bank holidays loaded up to {LastKnownHoliday}",
            calendar.LastKnownHoliday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return calendar;
    }
}
