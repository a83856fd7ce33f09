using Google.Protobuf.Reflection;
using Mash.Contracts.Common.V1;

namespace Mash.BuildingBlocks.ReferenceData;

/// <summary>
/// The names rule sets use for a protobuf enum: its value names in lower case without the common
/// prefix (<c>CONCERN_CATEGORY_NEGLECT</c> is <c>neglect</c>). Read from the generated descriptor,
/// so a value added to the proto is a valid name with no code change.
/// </summary>
public sealed class EnumNames<T> where T : struct, Enum
{
    public static EnumNames<T> Instance { get; } = new();

    private readonly Dictionary<string, T> _byName;
    private readonly Dictionary<T, string> _byValue;

    private EnumNames()
    {
        var descriptor = CommonReflection.Descriptor.EnumTypes.Single(e => e.ClrType == typeof(T));
        var names = descriptor.Values.Select(v => v.Name).ToList();
        var prefix = CommonPrefix(names);
        _byName = new(StringComparer.Ordinal);
        _byValue = [];
        foreach (var value in descriptor.Values)
        {
            var name = value.Name[prefix.Length..].ToLowerInvariant();
            var typed = (T)Enum.ToObject(typeof(T), value.Number);
            _byValue[typed] = name;
            // The zero value means "not set" (contract convention), never a real answer: not a name rules may use.
            if (value.Number != 0) _byName[name] = typed;
        }
    }

    public IEnumerable<string> Names => _byName.Keys;

    public bool TryParse(string name, out T value) => _byName.TryGetValue(name, out value);

    public string NameOf(T value) => _byValue.TryGetValue(value, out var name) ? name : value.ToString();

    /// <summary>The closest valid name to a misspelt one, when one is close enough to be a likely typo.</summary>
    public string? Closest(string name)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in _byName.Keys)
        {
            var d = YamlReader.Distance(name, candidate);
            if (d < bestDistance) (best, bestDistance) = (candidate, d);
        }
        return bestDistance <= Math.Max(2, name.Length / 4) ? best : null;
    }

    private static string CommonPrefix(IReadOnlyList<string> names)
    {
        var prefix = names[0];
        foreach (var n in names.Skip(1))
        {
            var i = 0;
            while (i < prefix.Length && i < n.Length && prefix[i] == n[i]) i++;
            prefix = prefix[..i];
        }
        // Cut back to a whole word: values may share letters beyond the prefix (e.g. DISABILITY_NO and _NOT_KNOWN).
        var cut = prefix.LastIndexOf('_');
        return cut < 0 ? "" : prefix[..(cut + 1)];
    }
}
