using Google.Api;
using Google.Protobuf.Reflection;

namespace Mash.Security.Tests;

/// <summary>A method's REST route as its proto annotates it: HTTP verb, path template, and whether it takes a body.</summary>
public sealed record RestRoute(MethodDescriptor Method, string Verb, string Template, bool HasBody)
{
    /// <summary>The path with every {field} filled with a well-formed id nothing has.</summary>
    public string Path => System.Text.RegularExpressions.Regex.Replace(Template, @"\{[^}]+\}", "00000000-0000-0000-0000-000000000000");

    public override string ToString() => $"{Verb} {Template} ({Method.FullName})";

    /// <summary>Every method of the contracts with a google.api.http annotation.</summary>
    public static readonly RestRoute[] All = Services.Contract
        .SelectMany(s => s.Methods)
        .Select(m => (m, rule: m.GetOptions()?.GetExtension(AnnotationsExtensions.Http)))
        .Where(x => x.rule is not null)
        .Select(x => x.rule!.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => new RestRoute(x.m, "GET", x.rule.Get, false),
            HttpRule.PatternOneofCase.Post => new RestRoute(x.m, "POST", x.rule.Post, x.rule.Body.Length > 0),
            HttpRule.PatternOneofCase.Put => new RestRoute(x.m, "PUT", x.rule.Put, x.rule.Body.Length > 0),
            HttpRule.PatternOneofCase.Patch => new RestRoute(x.m, "PATCH", x.rule.Patch, x.rule.Body.Length > 0),
            HttpRule.PatternOneofCase.Delete => new RestRoute(x.m, "DELETE", x.rule.Delete, x.rule.Body.Length > 0),
            var other => throw new InvalidOperationException($"{x.m.FullName}: google.api.http pattern {other} is not used by Mash"),
        })
        .ToArray();

    /// <summary>
    /// Ways to spell a REST path that routing may still match (it ignores case) or must not:
    /// re-cased, escaped, doubled and trailing slashes.
    /// </summary>
    public static IReadOnlyList<(string Spelling, string Path)> Spellings(string path) =>
    [
        ("canonical", path),
        ("upper", path.ToUpperInvariant()),
        ("first segment capitalised", "/V" + path[2..]),
        ("trailing slash", path + "/"),
        ("leading slash doubled", "/" + path),
        ("a letter escaped", path[..4] + $"%{(int)path[4]:X2}" + path[5..]),
        ("slash as %2F", "/v1%2F" + path[4..]),
        ("dot segment", "/v1/../v1/" + path[4..]),
    ];
}
