namespace Mash.BuildingBlocks.Identity;

/// <summary>
/// Section <c>Auth</c>. Development: tokens signed with <see cref="SigningKey"/> (deploy/mash makes one
/// and mints tokens with it), HS256 only. Production: an OIDC issuer's <see cref="Authority"/> (its
/// published keys, asymmetric algorithms only), with the same role, agency and authority claims.
/// </summary>
public sealed class IdentityOptions
{
    public const string DevelopmentIssuer = "mash-dev";

    /// <summary>How far a token's exp and nbf may be off the service's clock (skew between machines).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>Base64 of at least 32 random bytes (HMAC-SHA256). Trusted in Development only.</summary>
    public string SigningKey { get; set; } = "";

    public string Authority { get; set; } = "";
    public string Issuer { get; set; } = DevelopmentIssuer;
    public string Audience { get; set; } = "mash";

    /// <summary>
    /// The longest a token may be valid for, from when it was issued (iat) or first valid (nbf),
    /// whichever is earlier, to exp: a leaked token is worth at most this long.
    /// </summary>
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromHours(12);
}
