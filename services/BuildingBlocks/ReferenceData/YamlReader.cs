using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mash.BuildingBlocks.ReferenceData;

/// <summary>
/// Typed reads of a YAML representation model that record every problem (file, line, rule) instead
/// of stopping at the first, so the author of a file sees all of them at once.
/// </summary>
public sealed partial class YamlReader(string file)
{
    public string File => file;

    public List<LoadError> Errors { get; } = [];

    public void Error(YamlNode node, string? ruleId, string message) => Error(node.Start.Line, ruleId, message);

    public void Error(long line, string? ruleId, string message) =>
        Errors.Add(new LoadError(file, (int)Math.Max(1, line), ruleId, message));

    /// <summary>Parses the text; null (with the error) when it is not one YAML document.</summary>
    public YamlNode? Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            Error(e.Start.Line, null, $"invalid YAML: {LocationPrefix().Replace(e.Message, "")}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way at the end of the text inside an unclosed flow collection.
            Error(yaml.Split('\n').Length, null, "invalid YAML: the file ends inside an unclosed [ ] or { }");
            return null;
        }
        if (stream.Documents.Count == 0)
        {
            Error(1, null, "the file is empty");
            return null;
        }
        if (stream.Documents.Count > 1) Error(stream.Documents[1].RootNode.Start.Line, null, "only one YAML document is allowed");
        return stream.Documents[0].RootNode;
    }

    /// <summary>
    /// The entries of a mapping by key. Unknown keys are errors (a typo must not silently drop a
    /// condition), unless <paramref name="ignoreUnknown"/>; missing required keys are errors.
    /// </summary>
    public Dictionary<string, YamlNode>? Mapping(YamlNode node, string what, string? ruleId,
        IReadOnlyCollection<string> allowed, IReadOnlyCollection<string> required, bool ignoreUnknown = false)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, ruleId, $"{what} must be a mapping of keys to values");
            return null;
        }
        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(keyNode, ruleId, $"a key of {what} must be a plain word");
                continue;
            }
            if (!allowed.Contains(key))
            {
                if (!ignoreUnknown) Error(keyNode, ruleId, $"unknown key '{key}' in {what}{Suggest(key, allowed)}");
                continue;
            }
            entries[key] = value;
        }
        foreach (var key in required)
            if (!entries.ContainsKey(key)) Error(node, ruleId, $"{what} lacks the required key '{key}'");
        return entries;
    }

    public string? Text(YamlNode node, string what, string? ruleId)
    {
        if (node is YamlScalarNode { Value: { } value } && !IsNull(node)) return value;
        Error(node, ruleId, $"{what} must be a single value");
        return null;
    }

    public int? Int(YamlNode node, string what, string? ruleId, int min, int max = int.MaxValue)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: { } value }
            && int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            if (n >= min && n <= max) return n;
            Error(node, ruleId, max == int.MaxValue ? $"{what} must be at least {min}, not {n}" : $"{what} must be from {min} to {max}, not {n}");
            return null;
        }
        Error(node, ruleId, $"{what} must be a whole number");
        return null;
    }

    public bool? Bool(YamlNode node, string what, string? ruleId)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: { } value })
        {
            if (value is "true" or "True" or "TRUE") return true;
            if (value is "false" or "False" or "FALSE") return false;
        }
        Error(node, ruleId, $"{what} must be true or false");
        return null;
    }

    public T? Enum<T>(YamlNode node, string what, string? ruleId) where T : struct, Enum
    {
        if (Text(node, what, ruleId) is not { } name) return null;
        var names = EnumNames<T>.Instance;
        if (names.TryParse(name, out var value)) return value;
        var closest = names.Closest(name);
        Error(node, ruleId, closest is null ? $"unknown {what} '{name}'" : $"unknown {what} '{name}' (did you mean '{closest}'?)");
        return null;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: "" or "~" or "null" or "Null" or "NULL" };

    private static string Suggest(string key, IEnumerable<string> allowed)
    {
        var best = allowed.Select(a => (a, d: Distance(key, a))).OrderBy(x => x.d).FirstOrDefault();
        return best.a is not null && best.d <= Math.Max(2, key.Length / 4) ? $" (did you mean '{best.a}'?)" : "";
    }

    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>A node as one readable line: `concern: neglect; age_years_under: 5`.</summary>
    public static string Render(YamlNode node, bool top = false) => node switch
    {
        YamlScalarNode s => s.Value ?? "",
        YamlSequenceNode seq => "[" + string.Join(", ", seq.Children.Select(c => Render(c))) + "]",
        YamlMappingNode map when top => string.Join("; ", map.Children.Select(e => $"{Render(e.Key)}: {Render(e.Value)}")),
        YamlMappingNode map => "{ " + string.Join(", ", map.Children.Select(e => $"{Render(e.Key)}: {Render(e.Value)}")) + " }",
        _ => node.ToString(),
    };

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex LocationPrefix();
}
