using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Common.V1;

namespace Mash.Console.SignIn;

/// <summary>
/// Which pages each role is shown. This only narrows the menu: every page calls the services with the
/// user's own token, and the services' access checks decide what comes back.
/// </summary>
public static class Roles
{
    public const string Staff = "staff";
    public const string Deciders = "deciders";
    public const string Managers = "managers";
    public const string Countersigners = "countersigners";
    public const string Partners = "partners";

    public static readonly IReadOnlyDictionary<string, Role[]> Policies = new Dictionary<string, Role[]>
    {
        [Staff] = [Role.Screener, Role.Manager, Role.Auditor],
        [Deciders] = [Role.Screener, Role.Manager],
        [Managers] = [Role.Manager, Role.Auditor],
        [Countersigners] = [Role.Manager],
        [Partners] = [Role.Partner],
    };

    public static bool Allows(string policy, Role role) => Policies[policy].Contains(role);

    /// <summary>Where a user lands after signing in.</summary>
    public static string Home(Role role) => role switch
    {
        Role.Partner => "/partner/contacts",
        Role.Manager or Role.Auditor => "/manager",
        _ => "/queue",
    };

    public static string[] ClaimValues(string policy) => Policies[policy].Select(MashClaims.Name).ToArray();
}
