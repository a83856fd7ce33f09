using System.Security.Claims;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Mash.Contracts.Common.V1;
using Microsoft.AspNetCore.Http;

namespace Mash.BuildingBlocks.Identity;

public static class CallContextExtensions
{
    public static ClaimsPrincipal User(this ServerCallContext context) => context.GetHttpContext().User;

    /// <summary>The authenticated caller as the actor of an event.</summary>
    public static Actor Actor(this ServerCallContext context) => context.User().ToActor();

    /// <summary>The gRPC method the matched endpoint runs (canonical names), or null for an endpoint that is not one.</summary>
    public static IMethod? GrpcMethod(this HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method;

    /// <summary>
    /// "package.Service/Method" as the proto names it, whatever casing or escapes the request path used
    /// (ServerCallContext.Method is the raw path).
    /// </summary>
    public static string MethodName(this ServerCallContext context) =>
        (context.GetHttpContext().GrpcMethod()?.FullName ?? context.Method).TrimStart('/');
}
