using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Mash.BuildingBlocks.Identity;

public static class IdentityExtensions
{
    /// <summary>Signing algorithms accepted from an OIDC issuer: asymmetric only, so no shared secret can sign a token.</summary>
    static readonly string[] IssuerAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>
    /// Bearer tokens on every call and the service's access table, deny by default: every endpoint
    /// needs a signed-in caller whose role the table admits to the method the endpoint runs (the
    /// default and the fallback policy alike), unless it is explicitly anonymous (health; reflection
    /// in Development: <see cref="ServiceDefaults.ServiceDefaultsExtensions.MapDefaultEndpoints"/>).
    /// The signing key (Development only, HS256) or the OIDC authority (asymmetric algorithms) must be
    /// configured; a service never runs open.
    /// </summary>
    public static WebApplicationBuilder AddMashIdentity(this WebApplicationBuilder builder, MethodAccess access)
    {
        var options = builder.Configuration.GetSection("Auth").Get<IdentityOptions>() ?? new IdentityOptions();
        var useIssuer = options.Authority.Length > 0;
        if (!useIssuer && options.SigningKey.Length == 0)
            throw new InvalidOperationException("Configure Auth__SigningKey (development; deploy/mash makes one) or Auth__Authority (an OIDC issuer)");
        if (!useIssuer && !builder.Environment.IsDevelopment())
            throw new InvalidOperationException("The development signing key (HS256) is trusted in Development only: configure Auth__Authority (an OIDC issuer)");

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = useIssuer ? options.Authority : options.Issuer,
                ValidAudience = options.Audience,
                ValidAlgorithms = useIssuer ? IssuerAlgorithms : [SecurityAlgorithms.HmacSha256],
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                RoleClaimType = MashClaims.Role,
                NameClaimType = MashClaims.Subject,
                ClockSkew = IdentityOptions.ClockSkew,
            };
            if (useIssuer)
                jwt.Authority = options.Authority;
            else
                jwt.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(options.SigningKey));
            jwt.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    if (TokenRules.Refusal(context.Principal!, options.MaxTokenLifetime) is { } refusal) context.Fail(refusal);
                    return Task.CompletedTask;
                },
            };
        });

        var callerAdmitted = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new MethodAccessRequirement()).Build();
        builder.Services.AddAuthorizationBuilder()
            .SetDefaultPolicy(callerAdmitted)
            .SetFallbackPolicy(callerAdmitted);
        builder.Services.AddSingleton<IAuthorizationHandler, MethodAccessHandler>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResults>();
        builder.Services.AddSingleton(access);
        return builder;
    }

    public static WebApplication UseMashIdentity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
