using System.Text;
using Mash.Contracts.Common.V1;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Mash.BuildingBlocks.Identity;

public static class IdentityExtensions
{
    /// <summary>
    /// Bearer tokens on every gRPC call and the service's access table. The signing key (development)
    /// or the OIDC authority (production) must be configured; a service never runs open.
    /// </summary>
    public static WebApplicationBuilder AddMashIdentity(this WebApplicationBuilder builder, string service, IReadOnlyDictionary<string, Role[]> access)
    {
        var options = builder.Configuration.GetSection("Auth").Get<IdentityOptions>() ?? new IdentityOptions();
        if (options.SigningKey.Length == 0 && options.Authority.Length == 0)
            throw new InvalidOperationException("Configure Auth__SigningKey (development; deploy/mash makes one) or Auth__Authority (an OIDC issuer)");

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Authority.Length > 0 ? options.Authority : options.Issuer,
                ValidAudience = options.Audience,
                RoleClaimType = MashClaims.Role,
                NameClaimType = MashClaims.Subject,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            if (options.Authority.Length > 0)
                jwt.Authority = options.Authority;
            else
                jwt.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(options.SigningKey));
        });
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton(new MethodAccess(service, access));
        builder.Services.AddGrpc(o => o.Interceptors.Add<AccessInterceptor>());
        return builder;
    }

    public static WebApplication UseMashIdentity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
