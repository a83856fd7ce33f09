using System.Text.RegularExpressions;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using YamlDotNet.RepresentationModel;

namespace Mash.EarlyHelp.Domain;

/// <summary>
/// The early help lead professionals of every authority (seeds/directory/*.yaml, format in its
/// README). Loading checks each entry against the localities, so a typo in a locality id is a
/// start-up error with its file and line, never a lead professional nobody can be matched to.
/// </summary>
public sealed partial class LeadProfessionalDirectory
{
    public const int MaxAge = 18;

    readonly Dictionary<string, LeadProfessionalEntry> _byId;

    LeadProfessionalDirectory(List<LeadProfessionalEntry> entries)
    {
        All = entries;
        _byId = entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
    }

    /// <summary>Every lead professional in file order (files by name).</summary>
    public IReadOnlyList<LeadProfessionalEntry> All { get; }

    public LeadProfessionalEntry? Find(string id) => _byId.GetValueOrDefault(id);

    public IEnumerable<LeadProfessionalEntry> Of(string localAuthority) => All.Where(e => e.LocalAuthority == localAuthority);

    static readonly string[] Keys = ["id", "name", "agency", "agency_name", "agency_kind", "role", "locality", "age_from", "age_to", "settings", "capacity"];
    static readonly string[] RequiredKeys = ["id", "name", "agency", "agency_kind", "role", "locality", "age_from", "age_to", "capacity"];

    public static (LeadProfessionalDirectory? Directory, IReadOnlyList<LoadError> Errors) Load(
        IEnumerable<(string SourceFile, string Yaml)> files, LocalityDirectory localities)
    {
        var errors = new List<LoadError>();
        var entries = new List<LeadProfessionalEntry>();
        var idAt = new Dictionary<string, string>(StringComparer.Ordinal);
        var authorityFile = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var (file, yaml) in files)
        {
            var r = new YamlReader(file);
            var root = r.Parse(yaml);
            var top = root is null ? null : r.Mapping(root, "the directory file", null, ["local_authority", "name", "lead_professionals"], ["local_authority", "lead_professionals"]);
            if (top is null || !top.TryGetValue("local_authority", out var laNode) || r.Text(laNode, "local_authority", null) is not { } authority)
            {
                errors.AddRange(r.Errors);
                continue;
            }
            if (!localities.Authorities.Contains(authority))
                r.Error(laNode, null, $"local_authority '{authority}' has no localities file (known: {string.Join(", ", localities.Authorities)})");
            else if (authorityFile.TryGetValue(authority, out var other))
                r.Error(laNode, null, $"local_authority '{authority}' is already described by {other}");
            else
                authorityFile[authority] = file;

            if (top.TryGetValue("lead_professionals", out var list))
            {
                if (list is not YamlSequenceNode { Children.Count: > 0 } people)
                    r.Error(list, null, "lead_professionals must be a non-empty list");
                else
                    foreach (var item in people.Children)
                        if (ReadEntry(r, item, authority, localities, entries.Count) is { } entry)
                        {
                            var here = $"{file}:{item.Start.Line}";
                            if (idAt.TryGetValue(entry.Id, out var first))
                                r.Error(item, entry.Id, $"id '{entry.Id}' is already used at {first}");
                            else
                            {
                                idAt[entry.Id] = here;
                                entries.Add(entry);
                            }
                        }
            }
            errors.AddRange(r.Errors);
        }
        return errors.Count > 0 ? (null, errors) : (new LeadProfessionalDirectory(entries), errors);
    }

    static LeadProfessionalEntry? ReadEntry(YamlReader r, YamlNode node, string authority, LocalityDirectory localities, int order)
    {
        var map = r.Mapping(node, "a lead professional", null, Keys, RequiredKeys);
        if (map is null) return null;
        var id = map.TryGetValue("id", out var idNode) ? r.Text(idNode, "id", null) : null;
        if (id is not null && !Slug().IsMatch(id))
        {
            r.Error(idNode!, null, $"id '{id}' must be lower-case letters, digits and hyphens");
            id = null;
        }
        var errorsBefore = r.Errors.Count;

        string? Text(string key) => map.TryGetValue(key, out var n) ? r.Text(n, key, id) : null;
        int? Int(string key, int min, int max = int.MaxValue) => map.TryGetValue(key, out var n) ? r.Int(n, key, id, min, max) : null;

        var name = Text("name");
        var agency = Text("agency");
        if (agency is not null && !Slug().IsMatch(agency)) r.Error(map["agency"], id, $"agency '{agency}' must be an agency id: lower-case letters, digits and hyphens");
        var agencyName = map.ContainsKey("agency_name") ? Text("agency_name") : name;
        var kind = map.TryGetValue("agency_kind", out var kindNode) ? r.Enum<AgencyKind>(kindNode, "agency_kind", id) : null;
        var role = Text("role");
        var locality = Text("locality");
        if (locality is not null && !localities.LocalitiesOf(authority).Contains(locality))
            r.Error(map["locality"], id, $"unknown locality '{locality}' of {authority} (known: {string.Join(", ", localities.LocalitiesOf(authority))})");
        var from = Int("age_from", 0, MaxAge);
        var to = Int("age_to", 0, MaxAge);
        if (from is { } f && to is { } t && f > t) r.Error(map["age_to"], id, $"age range {f}-{t} is empty: age_to must be at least age_from");
        var capacity = Int("capacity", 1);

        var settings = new HashSet<SettingKind>();
        if (map.TryGetValue("settings", out var settingsNode))
        {
            if (settingsNode is not YamlSequenceNode { Children.Count: > 0 } seq)
                r.Error(settingsNode, id, "settings must be a non-empty list of setting kinds (leave it out for any setting)");
            else
                foreach (var s in seq.Children)
                    if (r.Enum<SettingKind>(s, "setting", id) is { } setting && !settings.Add(setting))
                        r.Error(s, id, $"setting '{EnumNames<SettingKind>.Instance.NameOf(setting)}' is listed twice");
        }

        if (r.Errors.Count > errorsBefore || id is null || name is null || agency is null || kind is null || role is null
            || locality is null || from is null || to is null || capacity is null)
            return null;
        return new LeadProfessionalEntry(id, name, agency, agencyName ?? name, kind.Value, role, authority, locality, from.Value, to.Value, settings, capacity.Value, order);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex Slug();
}
