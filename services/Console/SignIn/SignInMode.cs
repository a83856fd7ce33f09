using Mash.BuildingBlocks.Identity;

namespace Mash.Console.SignIn;

/// <summary>
/// How people sign in: with the OIDC issuer (production), or by choosing a role on a form that mints a
/// development token with the services' signing key (Development only, never anywhere else).
/// </summary>
public sealed record SignInMode(bool UsesOidc, IdentityOptions Auth)
{
    public bool DevelopmentForm => !UsesOidc;

    public static SignInMode From(IConfiguration configuration, IHostEnvironment environment)
    {
        var auth = configuration.GetSection("Auth").Get<IdentityOptions>() ?? new IdentityOptions();
        if (auth.Authority.Length > 0) return new SignInMode(UsesOidc: true, auth);
        if (auth.SigningKey.Length == 0)
            throw new InvalidOperationException("Configure Auth__Authority (an OIDC issuer) or, in Development, Auth__SigningKey (deploy/mash keeps it in .mash/dev-signing-key)");
        if (!environment.IsDevelopment())
            throw new InvalidOperationException("Development sign-in is refused outside Development: configure Auth__Authority (an OIDC issuer)");
        return new SignInMode(UsesOidc: false, auth);
    }
}
