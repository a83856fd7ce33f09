using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mash.BuildingBlocks.Identity;
using Mash.Testing;

namespace Mash.Security.Tests;

/// <summary>
/// Authorization headers no service may accept, each built by hand (header, payload, signature) so
/// that nothing in a token library tidies them up. Every one would be a manager of the test
/// authority, or a partner, if it were accepted.
/// </summary>
public static class HostileTokens
{
    static readonly string RightKey = TestIdentity.SigningKey;

    /// <summary>
    /// The token every hostile one is a variation of, built the same way and accepted: a manager of
    /// the test authority. (Were it refused, every refusal below would prove nothing.)
    /// </summary>
    public static string Baseline() => All(baseline: true).Single().Authorization!;

    public static IReadOnlyList<(string Name, string? Authorization)> All() => All(baseline: false);

    static IReadOnlyList<(string Name, string? Authorization)> All(bool baseline)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var skew = (long)IdentityOptions.ClockSkew.TotalSeconds;
        var cap = (long)new IdentityOptions().MaxTokenLifetime.TotalSeconds;
        Dictionary<string, object> Manager() => new()
        {
            ["sub"] = "hostile", ["role"] = "manager", ["authority"] = TestIdentity.Authority,
            ["iss"] = IdentityOptions.DevelopmentIssuer, ["aud"] = "mash", ["iat"] = now, ["nbf"] = now, ["exp"] = now + 3600,
        };
        Dictionary<string, object> With(Action<Dictionary<string, object>> change) { var payload = Manager(); change(payload); return payload; }
        string Bearer(Dictionary<string, object> payload, string algorithm = "HS256", string? key = null) => "Bearer " + Jwt(payload, algorithm, key ?? RightKey);

        var partner = Jwt(With(p => { p["role"] = "partner"; p["agency"] = "wmp"; }), "HS256", RightKey);
        var parts = partner.Split('.');
        var promoted = Base64Url(JsonSerializer.SerializeToUtf8Bytes(With(p => p["agency"] = "wmp")));

        if (baseline) return [("baseline", Bearer(Manager()))];
        return
        [
            ("no token", null),
            ("alg none", Bearer(Manager(), "none")),
            ("alg none in capitals", Bearer(Manager(), "NONE")),
            ("signed with another key", Bearer(Manager(), key: DevTokens.NewSigningKey())),
            ("right key, algorithm not pinned (HS512)", Bearer(Manager(), "HS512")),
            ("right key, algorithm not pinned (HS384)", Bearer(Manager(), "HS384")),
            ("another audience", Bearer(With(p => p["aud"] = "another-service"))),
            ("another issuer", Bearer(With(p => p["iss"] = "https://issuer.example.invalid"))),
            ("expired by the clock skew + 1 s", Bearer(With(p => { p["iat"] = now - 3600; p["nbf"] = now - 3600; p["exp"] = now - skew - 1; }))),
            ("not valid until after the clock skew", Bearer(With(p => { p["nbf"] = now + skew + 60; p["exp"] = now + 3600; }))),
            ("lifetime 1 s over the cap", Bearer(With(p => p["exp"] = now + cap + 1))),
            ("lifetime over the cap, issued long ago", Bearer(With(p => { p["iat"] = now - cap; p["nbf"] = now - 60; p["exp"] = now + 60; }))),
            ("no iat and no nbf", Bearer(With(p => { p.Remove("iat"); p.Remove("nbf"); }))),
            ("no exp", Bearer(With(p => p.Remove("exp")))),
            ("no sub", Bearer(With(p => p.Remove("sub")))),
            ("no role", Bearer(With(p => p.Remove("role")))),
            ("a role Mash does not know", Bearer(With(p => p["role"] = "administrator"))),
            ("manager without authority", Bearer(With(p => p.Remove("authority")))),
            ("screener with an empty authority", Bearer(With(p => { p["role"] = "screener"; p["authority"] = ""; }))),
            ("auditor without authority", Bearer(With(p => { p["role"] = "auditor"; p.Remove("authority"); }))),
            ("partner without agency", Bearer(With(p => { p["role"] = "partner"; p.Remove("authority"); }))),
            ("partner with an empty agency", Bearer(With(p => { p["role"] = "partner"; p["agency"] = ""; }))),
            ("a partner's token promoted to manager (payload changed, signature kept)", $"Bearer {parts[0]}.{promoted}.{parts[2]}"),
            ("a valid token without the Bearer scheme", Jwt(Manager(), "HS256", RightKey)),
        ];
    }

    /// <summary>header.payload.signature, the signature made with <paramref name="key"/> (none for alg none).</summary>
    static string Jwt(Dictionary<string, object> payload, string algorithm, string key)
    {
        var signed = $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = algorithm, ["typ"] = "JWT" }))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload))}";
        var secret = Convert.FromBase64String(key);
        var data = Encoding.ASCII.GetBytes(signed);
        var signature = algorithm switch
        {
            "HS256" => HMACSHA256.HashData(secret, data),
            "HS384" => HMACSHA384.HashData(secret, data),
            "HS512" => HMACSHA512.HashData(secret, data),
            _ => [],
        };
        return $"{signed}.{Base64Url(signature)}";
    }

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
