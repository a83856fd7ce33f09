using Mash.Contracts.Common.V1;

namespace Mash.BuildingBlocks.Identity;

/// <summary>
/// Which roles may call each method of a service: the service's whole access policy in one table
/// (Grpc/Access.cs of each service). A method missing from the table is refused to everyone.
/// Finer rules (a partner's own agency, a screener's own authority) are checked where the record is.
/// </summary>
public sealed class MethodAccess(string service, IReadOnlyDictionary<string, Role[]> methods)
{
    public string Service { get; } = service;

    public IReadOnlyDictionary<string, Role[]> Methods { get; } = methods;

    public bool Allows(string method, Role role) => Methods.TryGetValue(method, out var roles) && roles.Contains(role);
}
