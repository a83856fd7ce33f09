using Mash.BuildingBlocks.Identity;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Mash.Console.SignIn;

public static class SignInExtensions
{
    /// <summary>The name under which the user's bearer token is kept in the sign-in cookie (OIDC's SaveTokens uses it too).</summary>
    public const string AccessToken = "access_token";

    /// <summary>
    /// A sign-in cookie (HttpOnly, SameSite=Strict) that carries the user's bearer token; the OIDC issuer
    /// as the challenge in production, the development form otherwise. Every page requires a user.
    /// </summary>
    public static WebApplicationBuilder AddConsoleSignIn(this WebApplicationBuilder builder)
    {
        var mode = SignInMode.From(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(mode);

        var authentication = builder.Services.AddAuthentication(o =>
        {
            o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.DefaultChallengeScheme = mode.UsesOidc ? OpenIdConnectDefaults.AuthenticationScheme : CookieAuthenticationDefaults.AuthenticationScheme;
        });
        authentication.AddCookie(o =>
        {
            o.Cookie.Name = "mash-console";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Development runs plain HTTP on loopback; anywhere else the cookie travels over TLS only.
            o.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.LoginPath = "/account/signin";
            o.AccessDeniedPath = "/account/denied";
            // The cookie lives no longer than the token inside it (set at sign-in).
            o.SlidingExpiration = false;
        });
        if (mode.UsesOidc)
            authentication.AddOpenIdConnect(o =>
            {
                o.Authority = mode.Auth.Authority;
                o.ClientId = builder.Configuration["Auth:ClientId"];
                o.ClientSecret = builder.Configuration["Auth:ClientSecret"];
                o.ResponseType = "code";
                o.UsePkce = true;
                // The access token is what the services trust: keep it in the cookie to call them as the user.
                o.SaveTokens = true;
                o.MapInboundClaims = false;
                o.GetClaimsFromUserInfoEndpoint = true;
                foreach (var scope in (builder.Configuration["Auth:Scopes"] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    o.Scope.Add(scope);
                o.TokenValidationParameters.NameClaimType = MashClaims.Subject;
                o.TokenValidationParameters.RoleClaimType = MashClaims.Role;
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var policy in Roles.Policies.Keys)
            builder.Services.AddAuthorizationBuilder().AddPolicy(policy, p => p.RequireClaim(MashClaims.Role, Roles.ClaimValues(policy)));
        return builder;
    }
}
