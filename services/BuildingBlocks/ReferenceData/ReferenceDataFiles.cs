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

    public static WorkingCalendar LoadCalendar(string file, string setting, ILogger logger)
    {
        if (!File.Exists(file))
            throw new InvalidOperationException($"The bank holidays file {file} does not exist ({setting})");
        var calendar = WorkingCalendar.FromGovUkJson(File.ReadAllText(file));
        logger.LogInformation("Bank holidays loaded up to {LastKnownHoliday}",
            calendar.LastKnownHoliday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return calendar;
    }

    /// <summary>A configured path, or the repository's seed path when none is configured.</summary>
    public static string SeedPath(string configured, params string[] seed) =>
        configured.Length > 0 ? Path.GetFullPath(configured) : Path.Combine([SeedRoot.Repository(), "seeds", .. seed]);
}
