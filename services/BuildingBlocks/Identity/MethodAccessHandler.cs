using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Mash.BuildingBlocks.Identity;

/// <summary>The requirement that the caller's role is in the access table's row for the method the endpoint runs.</summary>
public sealed class MethodAccessRequirement : IAuthorizationRequirement;

/// <summary>
/// Decides <see cref="MethodAccessRequirement"/> from the matched endpoint's <see cref="GrpcMethodMetadata"/>:
/// the canonical service and method names of the handler that will run, never the request path
/// (routing ignores case and decodes escapes, so a path can spell a method many ways). An endpoint
/// without gRPC metadata, or of a service with no table, is refused.
/// </summary>
public sealed class MethodAccessHandler(IEnumerable<MethodAccess> tables) : AuthorizationHandler<MethodAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MethodAccessRequirement requirement)
    {
        var method = (context.Resource as HttpContext)?.GrpcMethod();
        var table = method is null ? null : tables.FirstOrDefault(t => t.Service == method.ServiceName);
        var refusal = method is null ? "There is no such method"
            : table is null ? $"No access table admits anyone to {method.ServiceName}"
            : table.Refusal(context.User, method.Name);
        if (refusal is null) context.Succeed(requirement);
        else context.Fail(new AuthorizationFailureReason(this, refusal));
        return Task.CompletedTask;
    }
}
