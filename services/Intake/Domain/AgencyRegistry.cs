using System.Text.RegularExpressions;
using Mash.BuildingBlocks.ReferenceData;
using YamlDotNet.RepresentationModel;

namespace Mash.Intake.Domain;

/// <summary>
/// Which hubs each partner agency refers to (seeds/agencies/*.yaml, one file per authority, format
/// in its README). An agency may be listed by several authorities. Loading checks every file against
/// the localities, so a typo is a start-up error with its file and line, never a contact sent nowhere.
/// </summary>
public sealed partial class AgencyRegistry
{
    readonly Dictionary<string, IReadOnlyList<string>> _hubsByAgency;

    AgencyRegistry(Dictionary<string, IReadOnlyList<string>> hubsByAgency) => _hubsByAgency = hubsByAgency;

    /// <summary>The authorities whose hubs the agency refers to, in file order; empty for an unregistered agency.</summary>
    public IReadOnlyList<string> HubsOf(string agency) => _hubsByAgency.GetValueOrDefault(agency) ?? [];

    public int Count => _hubsByAgency.Count;

    public static (AgencyRegistry? Registry, IReadOnlyList<LoadError> Errors) Load(IEnumerable<(string SourceFile, string Yaml)> files, LocalityDirectory localities)
    {
        var errors = new List<LoadError>();
        var hubs = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var authorityFile = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var (file, yaml) in files)
        {
            var r = new YamlReader(file);
            var root = r.Parse(yaml);
            var top = root is null ? null : r.Mapping(root, "the agencies file", null, ["local_authority", "name", "agencies"], ["local_authority", "agencies"]);
            if (top is null || !top.TryGetValue("local_authority", out var laNode) || r.Text(laNode, "local_authority", null) is not { } authority)
            {
                errors.AddRange(r.Errors);
                continue;
            }
            var valid = true;
            if (!localities.Authorities.Contains(authority))
            {
                r.Error(laNode, null, $"local_authority '{authority}' has no localities file (known: {string.Join(", ", localities.Authorities)})");
                valid = false;
            }
            else if (authorityFile.TryGetValue(authority, out var other))
            {
                r.Error(laNode, null, $"local_authority '{authority}' is already described by {other}");
                valid = false;
            }
            else
                authorityFile[authority] = file;

            // Read the list even when the authority is wrong, so every error shows at once.
            foreach (var agency in ReadAgencies(r, top.GetValueOrDefault("agencies")))
                if (valid) (hubs.TryGetValue(agency, out var list) ? list : hubs[agency] = []).Add(authority);
            errors.AddRange(r.Errors);
        }
        return errors.Count > 0
            ? (null, errors)
            : (new AgencyRegistry(hubs.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)h.Value, StringComparer.Ordinal)), errors);
    }

    static List<string> ReadAgencies(YamlReader r, YamlNode? node)
    {
        var ids = new List<string>();
        if (node is null) return ids;
        if (node is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            r.Error(node, null, "agencies must be a non-empty list");
            return ids;
        }
        foreach (var item in list.Children)
        {
            var map = r.Mapping(item, "an agency", null, ["id", "name"], ["id", "name"]);
            if (map is null || !map.TryGetValue("id", out var idNode) || r.Text(idNode, "agency id", null) is not { } id) continue;
            if (map.TryGetValue("name", out var nameNode)) r.Text(nameNode, "agency name", null);
            if (!AgencyId().IsMatch(id))
                r.Error(idNode, null, $"agency id '{id}' must be lower-case letters, digits and hyphens (as in tokens' agency claim)");
            else if (ids.Contains(id))
                r.Error(idNode, null, $"agency '{id}' is listed twice");
            else
                ids.Add(id);
        }
        return ids;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex AgencyId();
}
