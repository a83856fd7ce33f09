using System.Globalization;
using System.Text;

namespace Mash.Security.Tests;

/// <summary>
/// Ways to spell the path of one gRPC method that ASP.NET Core may still route to it (routing
/// ignores case, Kestrel decodes escapes) or that it must not: every casing of package, service
/// and method, escaped characters, doubled and trailing slashes.
/// </summary>
public static class PathSpellings
{
    /// <summary>(what was done to the path, the path) for "/<paramref name="service"/>/<paramref name="method"/>".</summary>
    public static IReadOnlyList<(string Spelling, string Path)> Of(string service, string method)
    {
        var dot = service.LastIndexOf('.');
        var (package, name) = (service[..dot], service[(dot + 1)..]);
        var capitalised = char.ToUpperInvariant(package[0]) + package[1..];
        return
        [
            ("canonical", $"/{service}/{method}"),
            ("package capitalised", $"/{capitalised}.{name}/{method}"),
            ("package upper", $"/{package.ToUpperInvariant()}.{name}/{method}"),
            ("service lower", $"/{package}.{name.ToLowerInvariant()}/{method}"),
            ("method lower", $"/{service}/{method.ToLowerInvariant()}"),
            ("method upper", $"/{service}/{method.ToUpperInvariant()}"),
            ("all upper", $"/{service.ToUpperInvariant()}/{method.ToUpperInvariant()}"),
            ("all lower", $"/{service.ToLowerInvariant()}/{method.ToLowerInvariant()}"),
            ("mixed", Alternate($"/{service}/{method}")),
            ("dots as %2E", $"/{service.Replace(".", "%2E", StringComparison.Ordinal)}/{method}"),
            ("a letter of each segment escaped (%73 style)", $"/{EscapeSecond(service)}/{EscapeSecond(method)}"),
            ("escaped lower-case hex, re-cased", $"/{EscapeSecond(capitalised, lower: true)}.{name}/{EscapeSecond(method.ToLowerInvariant(), lower: true)}"),
            ("slash as %2F", $"/{service}%2F{method}"),
            ("leading slash doubled", $"//{service}/{method}"),
            ("middle slash doubled", $"/{service}//{method}"),
            ("trailing slash", $"/{service}/{method}/"),
            ("re-cased with a trailing slash", $"/{capitalised.ToUpperInvariant()}.{name.ToLowerInvariant()}/{method.ToLowerInvariant()}/"),
        ];
    }

    /// <summary>Upper, lower, upper ... letter by letter.</summary>
    static string Alternate(string path)
    {
        var text = new StringBuilder(path.Length);
        var upper = true;
        foreach (var c in path)
        {
            if (char.IsLetter(c)) { text.Append(upper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)); upper = !upper; }
            else text.Append(c);
        }
        return text.ToString();
    }

    /// <summary>The second character percent-encoded, e.g. "mash.intake" → "m%61sh.intake".</summary>
    static string EscapeSecond(string segment, bool lower = false)
    {
        var hex = ((int)segment[1]).ToString(lower ? "x2" : "X2", CultureInfo.InvariantCulture);
        return $"{segment[0]}%{hex}{segment[2..]}";
    }
}
