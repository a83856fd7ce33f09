using System.Text.RegularExpressions;
using Mash.BuildingBlocks.ReferenceData;
using YamlDotNet.RepresentationModel;

namespace Mash.Allocation.Domain.Teams;

/// <summary>
/// Reads the <c>teams</c> of seeds/localities/*.yaml (format: seeds/localities/README.md). The
/// postcodes and localities of the same files are <see cref="LocalityDirectory"/>'s, loaded first;
/// this checks the teams against them. Every problem is reported with its file and line: an unknown
/// locality, a team or worker id used twice (in any files), a cap under 1, a locality with no team.
/// </summary>
public static partial class TeamDirectoryLoader
{
    public const int MaxCaseloadCap = 100;
    public const int MaxName = 100;

    static readonly string[] TopKeys = ["local_authority", "teams"];
    static readonly string[] TeamKeys = ["id", "name", "locality", "workers"];
    static readonly string[] WorkerKeys = ["id", "name", "caseload_cap"];

    public static (TeamDirectory? Directory, IReadOnlyList<LoadError> Errors) Load(
        IEnumerable<(string SourceFile, string Yaml)> files, LocalityDirectory localities)
    {
        var errors = new List<LoadError>();
        var teams = new List<SocialWorkTeam>();
        var teamAt = new Dictionary<string, string>(StringComparer.Ordinal);
        var workerAt = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var (file, yaml) in files)
        {
            var r = new YamlReader(file);
            if (r.Parse(yaml) is { } root
                && r.Mapping(root, "the localities file", null, TopKeys, TopKeys, ignoreUnknown: true) is { } top
                && top.TryGetValue("local_authority", out var laNode) && r.Text(laNode, "local_authority", null) is { } authority
                && top.TryGetValue("teams", out var teamsNode))
            {
                var known = localities.LocalitiesOf(authority);
                var read = ReadTeams(r, authority, known, teamsNode, teamAt, workerAt);
                teams.AddRange(read);
                foreach (var (locality, line) in LocalityLines(root))
                    if (known.Contains(locality) && !read.Any(t => t.Locality == locality))
                        r.Error(line, null, $"locality '{locality}' has no team: add one under teams with locality: {locality}");
            }
            errors.AddRange(r.Errors);
        }
        return errors.Count > 0 ? (null, errors) : (new TeamDirectory(teams), errors);
    }

    static List<SocialWorkTeam> ReadTeams(YamlReader r, string authority, IReadOnlyList<string> localities, YamlNode node,
        Dictionary<string, string> teamAt, Dictionary<string, string> workerAt)
    {
        var teams = new List<SocialWorkTeam>();
        if (node is not YamlSequenceNode { Children.Count: > 0 } seq)
        {
            r.Error(node, null, "teams must be a non-empty list");
            return teams;
        }
        foreach (var item in seq.Children)
        {
            if (r.Mapping(item, "a team", null, TeamKeys, TeamKeys) is not { } map) continue;
            var id = Id(r, map, "team", teamAt);
            var name = Name(r, map, "team");
            var locality = map.TryGetValue("locality", out var localityNode) ? r.Text(localityNode, "locality", null) : null;
            if (locality is not null && !localities.Contains(locality))
            {
                r.Error(localityNode!, null, $"unknown locality '{locality}' of {authority}{Closest(locality, localities)}");
                locality = null;
            }
            // Read the workers even when the team is wrong, so every error shows at once.
            var workers = map.TryGetValue("workers", out var workersNode) ? ReadWorkers(r, id ?? "?", workersNode, workerAt) : null;
            if (id is not null && name is not null && locality is not null && workers is not null)
                teams.Add(new SocialWorkTeam(id, name, authority, locality, workers));
        }
        return teams;
    }

    static List<SocialWorker>? ReadWorkers(YamlReader r, string teamId, YamlNode node, Dictionary<string, string> workerAt)
    {
        if (node is not YamlSequenceNode { Children.Count: > 0 } seq)
        {
            r.Error(node, null, $"workers of team '{teamId}' must be a non-empty list");
            return null;
        }
        var workers = new List<SocialWorker>();
        var complete = true;
        foreach (var item in seq.Children)
        {
            if (r.Mapping(item, "a worker", null, WorkerKeys, WorkerKeys) is not { } map)
            {
                complete = false;
                continue;
            }
            var id = Id(r, map, "worker", workerAt);
            var name = Name(r, map, "worker");
            var cap = map.TryGetValue("caseload_cap", out var capNode) ? r.Int(capNode, "caseload_cap", null, 1, MaxCaseloadCap) : null;
            if (id is not null && name is not null && cap is not null) workers.Add(new SocialWorker(id, name, teamId, cap.Value));
            else complete = false;
        }
        return complete ? workers : null;
    }

    /// <summary>An id in [a-z0-9-], used once across every file (<paramref name="seenAt"/> remembers where).</summary>
    static string? Id(YamlReader r, Dictionary<string, YamlNode> map, string what, Dictionary<string, string> seenAt)
    {
        if (!map.TryGetValue("id", out var node) || r.Text(node, $"{what} id", null) is not { } id) return null;
        if (!Slug().IsMatch(id))
        {
            r.Error(node, null, $"{what} id '{id}' must be lower-case letters, digits and hyphens");
            return null;
        }
        if (seenAt.TryGetValue(id, out var first))
        {
            r.Error(node, null, $"{what} id '{id}' is already used at {first}");
            return null;
        }
        seenAt[id] = $"{r.File}:{node.Start.Line}";
        return id;
    }

    static string? Name(YamlReader r, Dictionary<string, YamlNode> map, string what)
    {
        if (!map.TryGetValue("name", out var node) || r.Text(node, $"{what} name", null) is not { } name) return null;
        if (name.Trim().Length is 0 or > MaxName)
        {
            r.Error(node, null, $"{what} name must be 1 to {MaxName} characters");
            return null;
        }
        return name.Trim();
    }

    /// <summary>Each locality id of the file with its line, for "has no team" errors.</summary>
    static IEnumerable<(string Id, long Line)> LocalityLines(YamlNode root)
    {
        if (root is not YamlMappingNode top || !top.Children.TryGetValue(new YamlScalarNode("localities"), out var list) || list is not YamlSequenceNode seq)
            yield break;
        foreach (var item in seq.Children.OfType<YamlMappingNode>())
            if (item.Children.TryGetValue(new YamlScalarNode("id"), out var id) && id is YamlScalarNode { Value: { } value })
                yield return (value, id.Start.Line);
    }

    static string Closest(string name, IEnumerable<string> candidates)
    {
        var best = candidates.Select(c => (c, d: YamlReader.Distance(name, c))).OrderBy(x => x.d).FirstOrDefault();
        return best.c is not null && best.d <= Math.Max(2, name.Length / 4) ? $" (did you mean '{best.c}'?)" : "";
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex Slug();
}
