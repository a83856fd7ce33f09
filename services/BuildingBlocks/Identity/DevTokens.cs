using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using Mash.Contracts.Common.V1;
using Microsoft.IdentityModel.Tokens;

namespace Mash.BuildingBlocks.Identity;

/// <summary>
/// Development tokens: signed with the local key (HS256), for deploy/mash token, the demo and tests.
/// Services accept at most Auth:MaxTokenLifetime (12 hours unless configured).
/// </summary>
public static class DevTokens
{
    public static string NewSigningKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Mint(string signingKey, Role role, string agency = "", string authority = "", string? subject = null,
        TimeSpan? lifetime = null, string issuer = IdentityOptions.DevelopmentIssuer, string audience = "mash", DateTime? now = null)
    {
        var issuedAt = now ?? DateTime.UtcNow;
        var claims = new List<Claim>
        {
            new(MashClaims.Subject, subject ?? $"{MashClaims.Name(role)}-{(agency.Length > 0 ? agency : authority)}"),
            new(MashClaims.Role, MashClaims.Name(role)),
        };
        if (agency.Length > 0) claims.Add(new Claim(MashClaims.Agency, agency));
        if (authority.Length > 0) claims.Add(new Claim(MashClaims.Authority, authority));
        // Issued and valid from now (iat = nbf): the services' clock skew covers a clock a little behind,
        // and the lifetime the services cap is exactly the one asked for.
        var token = new JwtSecurityToken(
            new JwtHeader(new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(signingKey)), SecurityAlgorithms.HmacSha256)),
            new JwtPayload(issuer, audience, claims, issuedAt, issuedAt + (lifetime ?? TimeSpan.FromHours(8)), issuedAt));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
