using System.Reflection;
using Google.Protobuf.Reflection;

namespace Mash.Thresholds.Tests.Rules;

/// <summary>
/// The names the rule-set README uses for protobuf enum values: the proto name in lower case
/// without its prefix (CONCERN_CATEGORY_DOMESTIC_ABUSE is domestic_abuse).
/// </summary>
internal static class ProtoNames
{
    public static TEnum Parse<TEnum>(string name) where TEnum : struct, Enum =>
        Names<TEnum>.ByName.TryGetValue(name, out var value)
            ? value
            : throw new ArgumentException($"'{name}' is not a {typeof(TEnum).Name} (known: {string.Join(", ", Names<TEnum>.ByName.Keys)})");

    public static string NameOf<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Names<TEnum>.ByName.First(p => p.Value.Equals(value)).Key;

    public static IReadOnlyList<TEnum> Values<TEnum>() where TEnum : struct, Enum => Names<TEnum>.ByName.Values.ToList();

    private static class Names<TEnum> where TEnum : struct, Enum
    {
        public static readonly IReadOnlyDictionary<string, TEnum> ByName = Build();

        private static Dictionary<string, TEnum> Build()
        {
            var fields = typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => (Value: (TEnum)f.GetValue(null)!, Proto: f.GetCustomAttribute<OriginalNameAttribute>()!.Name))
                .ToList();
            var unspecified = fields.Single(f => Convert.ToInt32(f.Value) == 0).Proto;
            var prefix = unspecified[..^"UNSPECIFIED".Length];
            return fields.Where(f => Convert.ToInt32(f.Value) != 0)
                .ToDictionary(f => f.Proto[prefix.Length..].ToLowerInvariant(), f => f.Value);
        }
    }
}
