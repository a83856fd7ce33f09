using System.Security.Claims;
using Mash.Contracts.Common.V1;

namespace Mash.BuildingBlocks.Identity;

/// <summary>The claims a Mash token carries, and how a principal becomes the Actor of an event.</summary>
public static class MashClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Agency = "agency";
    public const string Authority = "authority";

    /// <summary>Role claim values, as in tokens: partner, screener, manager, auditor.</summary>
    public static string Name(Role role) => role switch
    {
        Contracts.Common.V1.Role.Partner => "partner",
        Contracts.Common.V1.Role.Screener => "screener",
        Contracts.Common.V1.Role.Manager => "manager",
        Contracts.Common.V1.Role.Auditor => "auditor",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a role a person holds"),
    };

    public static Role RoleOf(this ClaimsPrincipal user) => user.FindFirst(Role)?.Value switch
    {
        "partner" => Contracts.Common.V1.Role.Partner,
        "screener" => Contracts.Common.V1.Role.Screener,
        "manager" => Contracts.Common.V1.Role.Manager,
        "auditor" => Contracts.Common.V1.Role.Auditor,
        _ => Contracts.Common.V1.Role.Unspecified,
    };

    public static string AgencyOf(this ClaimsPrincipal user) => user.FindFirst(Agency)?.Value ?? "";

    public static string AuthorityOf(this ClaimsPrincipal user) => user.FindFirst(Authority)?.Value ?? "";

    /// <summary>The authenticated caller as the actor of what it does: never a field the caller fills in.</summary>
    public static Actor ToActor(this ClaimsPrincipal user) => new()
    {
        Subject = user.FindFirst(Subject)?.Value ?? "",
        Role = user.RoleOf(),
        Agency = user.AgencyOf(),
        LocalAuthority = user.AuthorityOf(),
    };
}
