using System.Globalization;
using System.Security.Claims;

namespace Mash.BuildingBlocks.Identity;

/// <summary>
/// What a signed, unexpired token must also say before its bearer counts as signed in: a lifetime
/// within the cap, and the claims its role is scoped by (a partner's agency, staff's authority).
/// A token that fails is treated as no token (UNAUTHENTICATED): without them no rule could say
/// what its bearer may see.
/// </summary>
public static class TokenRules
{
    /// <summary>Why the token is refused, or null when it is acceptable.</summary>
    public static string? Refusal(ClaimsPrincipal user, TimeSpan maxLifetime) =>
        LifetimeRefusal(user, maxLifetime) ?? ClaimsRefusal(user);

    /// <summary>
    /// exp minus the earlier of iat and nbf must not exceed <paramref name="maxLifetime"/>; a token
    /// saying neither when it was issued nor from when it is valid has no lifetime to check.
    /// </summary>
    public static string? LifetimeRefusal(ClaimsPrincipal user, TimeSpan maxLifetime)
    {
        if (Seconds(user, "exp") is not { } expires) return "The token has no expiry (exp)";
        long?[] starts = [Seconds(user, "iat"), Seconds(user, "nbf")];
        if (starts.Min() is not { } start) return "The token says neither when it was issued (iat) nor from when it is valid (nbf)";
        return TimeSpan.FromSeconds(expires - start) > maxLifetime
            ? $"The token is valid for longer than the {maxLifetime.TotalHours:0.##} hours accepted"
            : null;
    }

    /// <summary>A subject, a known role, a partner's agency and staff's authority.</summary>
    public static string? ClaimsRefusal(ClaimsPrincipal user)
    {
        if (Claim(user, MashClaims.Subject).Length == 0) return "The token names no subject (sub)";
        return user.RoleOf() switch
        {
            Contracts.Common.V1.Role.Partner when user.AgencyOf().Trim().Length == 0 => "A partner's token must name its agency",
            Contracts.Common.V1.Role.Partner => null,
            Contracts.Common.V1.Role.Screener or Contracts.Common.V1.Role.Manager or Contracts.Common.V1.Role.Auditor
                when user.AuthorityOf().Trim().Length == 0 => "A member of staff's token must name their local authority",
            Contracts.Common.V1.Role.Screener or Contracts.Common.V1.Role.Manager or Contracts.Common.V1.Role.Auditor => null,
            _ => "The token names no role Mash knows (partner, screener, manager, auditor)",
        };
    }

    static string Claim(ClaimsPrincipal user, string type) => user.FindFirst(type)?.Value ?? "";

    static long? Seconds(ClaimsPrincipal user, string type) =>
        long.TryParse(Claim(user, type), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
}
