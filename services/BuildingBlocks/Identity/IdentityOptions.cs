namespace Mash.BuildingBlocks.Identity;

/// <summary>
/// Section <c>Auth</c>. Development: tokens signed with <see cref="SigningKey"/> (deploy/mash makes one
/// and mints tokens with it). Production: an OIDC issuer's <see cref="Authority"/> (its published keys),
/// with the same role, agency and authority claims.
/// </summary>
public sealed class IdentityOptions
{
    public const string DevelopmentIssuer = "mash-dev";

    /// <summary>Base64 of at least 32 random bytes (HMAC-SHA256).</summary>
    public string SigningKey { get; set; } = "";

    public string Authority { get; set; } = "";
    public string Issuer { get; set; } = DevelopmentIssuer;
    public string Audience { get; set; } = "mash";
}
