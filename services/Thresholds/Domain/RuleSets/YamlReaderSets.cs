using Mash.BuildingBlocks.ReferenceData;
using YamlDotNet.RepresentationModel;

namespace Mash.Thresholds.Domain.RuleSets;

/// <summary>Reads of rule-set conditions that need the engine's bit sets.</summary>
internal static class YamlReaderSets
{
    /// <summary>One name or a list of names ("any of"), as a bit set of the enum values.</summary>
    public static UInt128? EnumSet<T>(this YamlReader r, YamlNode node, string what, string? ruleId) where T : struct, Enum
    {
        IEnumerable<YamlNode> items = node is YamlSequenceNode seq ? seq.Children : [node];
        if (node is YamlSequenceNode { Children.Count: 0 })
        {
            r.Error(node, ruleId, $"the list of {what} values is empty");
            return null;
        }
        var mask = UInt128.Zero;
        var ok = true;
        foreach (var item in items)
        {
            if (r.Enum<T>(item, what, ruleId) is not { } value)
            {
                ok = false;
                continue;
            }
            var bit = Bits.Of(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture));
            if (bit == UInt128.Zero)
            {
                r.Error(item, ruleId, $"{what} '{item}' has a value too large to index");
                ok = false;
            }
            mask |= bit;
        }
        return ok ? mask : null;
    }
}
