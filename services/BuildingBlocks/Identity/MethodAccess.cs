using System.Security.Claims;
using Grpc.Core;
using Mash.BuildingBlocks.Grpc;
using Mash.Contracts.Common.V1;

namespace Mash.BuildingBlocks.Identity;

/// <summary>
/// Which roles may call each method of a service: the service's whole access policy in one table
/// (Grpc/Access.cs of each service). A method missing from the table is refused to everyone.
/// It is enforced twice from this one table: by ASP.NET Core authorization before the call reaches
/// the service (<see cref="MethodAccessHandler"/>, from the endpoint's gRPC metadata), and by
/// <see cref="Demand"/> on the first line of every handler, so one mapping slip cannot open a method.
/// Finer rules (a partner's own agency, a screener's own authority) are checked where the record is.
/// </summary>
public sealed class MethodAccess(string service, IReadOnlyDictionary<string, Role[]> methods)
{
    /// <summary>The service's full protobuf name, e.g. mash.intake.v1.IntakeService.</summary>
    public string Service { get; } = service;

    public IReadOnlyDictionary<string, Role[]> Methods { get; } = methods;

    public bool Allows(string method, Role role) => Methods.TryGetValue(method, out var roles) && roles.Contains(role);

    /// <summary>
    /// Why <paramref name="user"/> may not call <paramref name="method"/>, or null when they may:
    /// their role must be in the method's row and their token must carry the claims that role is
    /// scoped by.
    /// </summary>
    public string? Refusal(ClaimsPrincipal user, string method)
    {
        var role = user.RoleOf();
        if (!Allows(method, role))
            return role == Role.Unspecified ? $"A caller without a role may not call {method}" : $"A {MashClaims.Name(role)} may not call {method}";
        return TokenRules.ClaimsRefusal(user);
    }

    /// <summary>
    /// The caller of <paramref name="method"/> (a handler passes its own name), checked again against
    /// this table inside the handler: UNAUTHENTICATED without a signed-in user, PERMISSION_DENIED for a
    /// role the method's row does not admit or a token without its role's agency or authority. Returns
    /// the caller as an actor whose agency (partner) or authority (staff) is never empty.
    /// </summary>
    public Actor Demand(ServerCallContext context, string method)
    {
        var user = context.User();
        if (user.Identity?.IsAuthenticated != true) throw RpcErrors.Unauthenticated();
        if (Refusal(user, method) is { } refusal) throw RpcErrors.PermissionDenied(refusal);
        return user.ToActor();
    }
}
