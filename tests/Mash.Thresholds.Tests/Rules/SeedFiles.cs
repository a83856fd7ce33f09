using Mash.BuildingBlocks.ReferenceData;
using Mash.Thresholds.Domain.RuleSets;

namespace Mash.Thresholds.Tests.Rules;

/// <summary>
/// The real seed files of the repository (seeds/thresholds, seeds/localities, seeds/calendar), read
/// once per test run: these tests are about the data a partnership ships, not about fixtures.
/// </summary>
internal static class SeedFiles
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string PathOf(string relative) => Path.Combine(RepositoryRoot, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static readonly Lazy<IReadOnlyDictionary<string, RuleSet>> RuleSets = new(() =>
        new[] { "walsall", "wolverhampton" }.ToDictionary(a => a, a =>
        {
            var result = RuleSetLoader.Load($"seeds/thresholds/{a}.yaml", Read($"seeds/thresholds/{a}.yaml"));
            if (!result.Succeeded)
                throw new InvalidOperationException($"seeds/thresholds/{a}.yaml does not load:\n{string.Join('\n', result.Errors)}");
            return result.RuleSet!;
        }));

    public static RuleSet RuleSetOf(string authority) => RuleSets.Value[authority];

    private static readonly Lazy<WorkingCalendar> LazyCalendar = new(() => WorkingCalendar.FromGovUkJson(Read("seeds/calendar/bank-holidays.json")));

    public static WorkingCalendar Calendar => LazyCalendar.Value;

    public static IReadOnlyList<(string SourceFile, string Yaml)> LocalityFiles() =>
        Directory.GetFiles(PathOf("seeds/localities"), "*.yaml").Order(StringComparer.Ordinal)
            .Select(f => ($"seeds/localities/{Path.GetFileName(f)}", File.ReadAllText(f))).ToList();

    private static readonly Lazy<LocalityDirectory> LazyLocalities = new(() =>
    {
        var (directory, errors) = LocalityDirectory.Load(LocalityFiles());
        if (directory is null || errors.Count > 0)
            throw new InvalidOperationException($"seeds/localities does not load:\n{string.Join('\n', errors)}");
        return directory;
    });

    public static LocalityDirectory Localities => LazyLocalities.Value;

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Mash.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"No Mash.sln above {AppContext.BaseDirectory}");
    }
}
