namespace Mash.BuildingBlocks.ReferenceData;

/// <summary>The repository a service runs from: the folder above the build output that holds Mash.sln.</summary>
public static class SeedRoot
{
    public static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Mash.sln"))) return dir.FullName;
        throw new InvalidOperationException(
            $"Mash.sln was not found above {AppContext.BaseDirectory}: set the seed paths of the service's configuration section (e.g. Thresholds__LocalitiesPath)");
    }

    /// <summary>How a file is named in logs and in rule_sets.source_file: relative to the repository when inside it.</summary>
    public static string DisplayName(string fullPath)
    {
        try
        {
            var relative = Path.GetRelativePath(Repository(), fullPath);
            if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
                return relative.Replace(Path.DirectorySeparatorChar, '/');
        }
        catch (InvalidOperationException) { }
        return fullPath;
    }
}
