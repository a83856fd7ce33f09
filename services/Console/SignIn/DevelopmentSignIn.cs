using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Common.V1;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Mash.Console.SignIn;

/// <summary>What the development sign-in form asks: who to be.</summary>
public sealed record DevelopmentUser(Role Role, string Agency, string Authority, string Subject);

/// <summary>
/// Development sign-in: a token minted with the services' own signing key, exactly as deploy/mash token
/// makes one, kept in the sign-in cookie. The user's claims are read back from the token, so the
/// console shows the user as the services will see them.
/// </summary>
public static class DevelopmentSignIn
{
    public static readonly IReadOnlyList<string> Authorities = ["walsall", "wolverhampton"];

    public static (ClaimsPrincipal User, AuthenticationProperties Properties) Create(SignInMode mode, DevelopmentUser user, DateTime now)
    {
        if (!mode.DevelopmentForm) throw new InvalidOperationException("Development sign-in is not enabled");
        var token = DevTokens.Mint(mode.Auth.SigningKey, user.Role, user.Agency, user.Authority,
            subject: user.Subject.Length > 0 ? user.Subject : null, lifetime: TimeSpan.FromHours(8), now: now);
        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
        var identity = new ClaimsIdentity(
            jwt.Claims.Where(c => c.Type is MashClaims.Subject or MashClaims.Role or MashClaims.Agency or MashClaims.Authority),
            CookieAuthenticationDefaults.AuthenticationScheme, MashClaims.Subject, MashClaims.Role);
        var properties = new AuthenticationProperties { ExpiresUtc = jwt.ValidTo, IsPersistent = false, AllowRefresh = false };
        properties.StoreTokens([new AuthenticationToken { Name = SignInExtensions.AccessToken, Value = token }]);
        return (new ClaimsPrincipal(identity), properties);
    }
}
