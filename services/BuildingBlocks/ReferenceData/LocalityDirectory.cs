using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Mash.BuildingBlocks.ReferenceData;

/// <summary>Where a child lives, as the front door needs it: the authority and locality of the postcode.</summary>
public sealed record ChildPlace(string LocalAuthority, string Locality)
{
    public static ChildPlace Outside { get; } = new("", "");
    public bool IsOutside => LocalAuthority.Length == 0;
}

/// <summary>
/// Postcode districts and sectors to authorities and localities (seeds/localities/*.yaml). The
/// longest prefix wins, so a sector ("WS2 8") can sit in another locality than its district ("WS2").
/// </summary>
public sealed partial class LocalityDirectory
{
    private readonly Dictionary<string, ChildPlace> _byPrefix;
    private readonly Dictionary<string, IReadOnlyList<string>> _localities;

    private LocalityDirectory(Dictionary<string, ChildPlace> byPrefix, Dictionary<string, IReadOnlyList<string>> localities, List<string> authorities)
    {
        _byPrefix = byPrefix;
        _localities = localities;
        Authorities = authorities;
    }

    /// <summary>
    /// Reads every file; a district or sector claimed twice (in any files) is an error. Keys other
    /// than the ones read here (`teams`, `workers`, ...) belong to other services and are ignored.
    /// </summary>
    public static (LocalityDirectory? Directory, IReadOnlyList<LoadError> Errors) Load(IEnumerable<(string SourceFile, string Yaml)> files)
    {
        var errors = new List<LoadError>();
        var byPrefix = new Dictionary<string, ChildPlace>(StringComparer.Ordinal);
        var claimedAt = new Dictionary<string, string>(StringComparer.Ordinal);
        var localities = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var authorityFile = new Dictionary<string, string>(StringComparer.Ordinal);
        var authorities = new List<string>();

        foreach (var (file, yaml) in files)
        {
            var r = new YamlReader(file);
            var root = r.Parse(yaml);
            var top = root is null ? null : r.Mapping(root, "the localities file", null, ["local_authority", "name", "localities"], ["local_authority", "localities"], ignoreUnknown: true);
            if (top is not null && top.TryGetValue("local_authority", out var laNode) && r.Text(laNode, "local_authority", null) is { } authority)
            {
                var valid = true;
                if (!Slug().IsMatch(authority))
                {
                    r.Error(laNode, null, $"local_authority '{authority}' must be lower-case letters, digits and hyphens");
                    valid = false;
                }
                else if (authorityFile.TryGetValue(authority, out var other))
                {
                    r.Error(laNode, null, $"local_authority '{authority}' is already described by {other}");
                    valid = false;
                }
                // Read the localities even when the authority is wrong, so every error shows at once.
                var ids = top.TryGetValue("localities", out var list) ? ReadLocalities(r, authority, list, byPrefix, claimedAt) : [];
                if (valid)
                {
                    authorityFile[authority] = file;
                    authorities.Add(authority);
                    localities[authority] = ids;
                }
            }
            errors.AddRange(r.Errors);
        }
        return errors.Count > 0 ? (null, errors) : (new LocalityDirectory(byPrefix, localities, authorities), errors);
    }

    private static List<string> ReadLocalities(YamlReader r, string authority, YamlNode node,
        Dictionary<string, ChildPlace> byPrefix, Dictionary<string, string> claimedAt)
    {
        var ids = new List<string>();
        if (node is not YamlSequenceNode seq)
        {
            r.Error(node, null, "localities must be a list");
            return ids;
        }
        foreach (var item in seq.Children)
        {
            var map = r.Mapping(item, "a locality", null, ["id", "name", "postcodes"], ["id", "postcodes"], ignoreUnknown: true);
            if (map is null || !map.TryGetValue("id", out var idNode) || r.Text(idNode, "locality id", null) is not { } id) continue;
            if (!Slug().IsMatch(id))
            {
                r.Error(idNode, null, $"locality id '{id}' must be lower-case letters, digits and hyphens");
                continue;
            }
            if (ids.Contains(id))
            {
                r.Error(idNode, null, $"locality '{id}' appears twice");
                continue;
            }
            ids.Add(id);
            if (!map.TryGetValue("postcodes", out var pcs)) continue;
            if (pcs is not YamlSequenceNode { Children.Count: > 0 } codes)
            {
                r.Error(pcs, null, $"postcodes of locality '{id}' must be a non-empty list of districts (WS3) or sectors (WS3 2)");
                continue;
            }
            foreach (var code in codes.Children)
            {
                if (r.Text(code, "a postcode district or sector", null) is not { } raw) continue;
                var prefix = Spaces().Replace(raw.Trim().ToUpperInvariant(), " ");
                if (!District().IsMatch(prefix) && !Sector().IsMatch(prefix))
                {
                    r.Error(code, null, $"'{raw}' is neither a postcode district (WS3) nor a sector (WS3 2)");
                    continue;
                }
                var here = $"{r.File}:{code.Start.Line}";
                if (claimedAt.TryGetValue(prefix, out var first))
                {
                    r.Error(code, null, $"postcode {prefix} is already claimed at {first}");
                    continue;
                }
                claimedAt[prefix] = here;
                byPrefix[prefix] = new ChildPlace(authority, id);
            }
        }
        return ids;
    }

    public IReadOnlyList<string> Authorities { get; }

    /// <summary>The localities of an authority, in file order.</summary>
    public IReadOnlyList<string> LocalitiesOf(string localAuthority) => _localities.GetValueOrDefault(localAuthority) ?? [];

    /// <summary>The place of a normalised postcode ("WS2 8QT"); <see cref="ChildPlace.Outside"/> when no authority has it.</summary>
    public ChildPlace Find(string postcode)
    {
        var compact = Spaces().Replace(postcode ?? "", "").ToUpperInvariant();
        // A full postcode's inward code is always three characters: outward = the rest.
        if (compact.Length < 5 || compact.Length > 7) return ChildPlace.Outside;
        var outward = compact[..^3];
        var sector = $"{outward} {compact[^3]}";
        return _byPrefix.GetValueOrDefault(sector) ?? _byPrefix.GetValueOrDefault(outward) ?? ChildPlace.Outside;
    }

    [GeneratedRegex("^[A-Z]{1,2}[0-9][0-9A-Z]?$")]
    private static partial Regex District();

    [GeneratedRegex("^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9]$")]
    private static partial Regex Sector();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex Slug();
}
