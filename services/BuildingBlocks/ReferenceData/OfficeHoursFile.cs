using NodaTime;
using NodaTime.Text;
using YamlDotNet.RepresentationModel;

namespace Mash.BuildingBlocks.ReferenceData;

/// <summary>
/// Each authority's office hours (seeds/calendar/office-hours.yaml): a mapping of authority id to
/// "HH:mm-HH:mm" in Europe/London time, with <c>default</c> for an authority not named. Every
/// problem is reported by line.
/// </summary>
public static class OfficeHoursFile
{
    public const string DefaultKey = "default";

    public static (IReadOnlyDictionary<string, OfficeHours>? Hours, IReadOnlyList<LoadError> Errors) Load(string file, string yaml)
    {
        var reader = new YamlReader(file);
        if (reader.Parse(yaml) is not YamlMappingNode root)
        {
            if (reader.Errors.Count == 0) reader.Error(1, null, "the file must be a mapping of authority to office hours (\"09:00-17:00\")");
            return (null, reader.Errors);
        }
        var hours = new Dictionary<string, OfficeHours>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in root.Children)
        {
            var authority = (keyNode as YamlScalarNode)?.Value ?? "";
            if (authority.Length == 0) { reader.Error(keyNode, null, "a key must be an authority id or 'default'"); continue; }
            if (reader.Text(value, $"the office hours of {authority}", null) is not { } text) continue;
            if (Parse(text) is { } parsed) hours[authority] = parsed;
            else reader.Error(value, null, $"the office hours of {authority} must be \"HH:mm-HH:mm\", opening before closing (got \"{text}\")");
        }
        return reader.Errors.Count > 0 ? (null, reader.Errors) : (hours, reader.Errors);
    }

    static OfficeHours? Parse(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2) return null;
        var (opens, closes) = (LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(parts[0]), LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(parts[1]));
        return opens.Success && closes.Success && closes.Value > opens.Value ? new OfficeHours(opens.Value, closes.Value) : null;
    }
}
