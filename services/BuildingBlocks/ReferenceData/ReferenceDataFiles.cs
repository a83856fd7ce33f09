using Microsoft.Extensions.Logging;

namespace Mash.BuildingBlocks.ReferenceData;

/// <summary>
/// Reference data every service reads the same way at start-up: the localities and the bank
/// holidays. A file that does not load stops the start, with every error logged by file and line.
/// </summary>
public static class ReferenceDataFiles
{
    /// <summary>Every <c>*.yaml</c> of a folder in name order, each with the name logs use for it.</summary>
    public static IReadOnlyList<(string SourceFile, string Yaml)> ReadFolder(string folder, string setting)
    {
        if (!Directory.Exists(folder))
            throw new InvalidOperationException($"The folder {folder} does not exist ({setting})");
        return Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal)
            .Select(path => (SeedRoot.DisplayName(path), File.ReadAllText(path))).ToList();
    }

    /// <summary>Throws with every error when a seed folder did not load; logs each one first.</summary>
    public static T Require<T>(T? loaded, IReadOnlyList<LoadError> errors, string what, string folder, ILogger logger) where T : class
    {
        foreach (var error in errors)
            logger.LogError("{What} error {File}:{Line}: {Error}", what, error.File, error.Line, error.Message);
        if (loaded is null || errors.Count > 0)
            throw new InvalidOperationException($"The {what} in {folder} did not load: {string.Join("; ", errors)}");
        return loaded;
    }

    public static LocalityDirectory LoadLocalities(string folder, string setting, ILogger logger)
    {
        var files = ReadFolder(folder, setting);
        var (directory, errors) = LocalityDirectory.Load(files);
        var loaded = Require(directory, errors, "localities", folder, logger);
        logger.LogInformation("Localities loaded for {Authorities} from {FileCount} files", string.Join(", ", loaded.Authorities), files.Count);
        return loaded;
    }

    /// <summary>
    /// The bank holidays, and each authority's office hours from office-hours.yaml beside them when
    /// that file is there (09:00-17:00 for all otherwise).
    /// </summary>
    public static WorkingCalendar LoadCalendar(string file, string setting, ILogger logger)
    {
        if (!File.Exists(file))
            throw new InvalidOperationException($"The bank holidays file {file} does not exist ({setting})");
        var calendar = WorkingCalendar.FromGovUkJson(File.ReadAllText(file));
        logger.LogInformation("Bank holidays loaded up to {LastKnownHoliday}",
            calendar.LastKnownHoliday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var officeHoursFile = Path.Combine(Path.GetDirectoryName(file) ?? ".", OfficeHoursFileName);
        if (!File.Exists(officeHoursFile)) return calendar;
        var (hours, errors) = OfficeHoursFile.Load(SeedRoot.DisplayName(officeHoursFile), File.ReadAllText(officeHoursFile));
        var loaded = Require(hours, errors, "office hours", officeHoursFile, logger);
        if (loaded.TryGetValue(OfficeHoursFile.DefaultKey, out var fallback)) calendar = calendar.WithOfficeHours(fallback);
        logger.LogInformation("Office hours loaded for {Authorities}", string.Join(", ", loaded.Keys.Where(k => k != OfficeHoursFile.DefaultKey)));
        return calendar.WithAuthorities(loaded.Where(a => a.Key != OfficeHoursFile.DefaultKey).ToDictionary());
    }

    /// <summary>Each authority's office hours, beside the bank holidays file.</summary>
    public const string OfficeHoursFileName = "office-hours.yaml";

    /// <summary>A configured path, or the repository's seed path when none is configured.</summary>
    public static string SeedPath(string configured, params string[] seed) =>
        configured.Length > 0 ? Path.GetFullPath(configured) : Path.Combine([SeedRoot.Repository(), "seeds", .. seed]);
}
