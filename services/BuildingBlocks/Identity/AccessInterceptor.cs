using Grpc.Core;
using Grpc.Core.Interceptors;
using Mash.BuildingBlocks.Grpc;

namespace Mash.BuildingBlocks.Identity;

/// <summary>
/// Every call to a mash.* method needs a valid token (UNAUTHENTICATED otherwise) and a role the
/// service's access table allows (PERMISSION_DENIED otherwise). Health and reflection stay open.
/// </summary>
public sealed class AccessInterceptor(IEnumerable<MethodAccess> tables) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, responseStream, context);
    }

    void Check(ServerCallContext context)
    {
        // Method is "/package.Service/Method".
        var parts = context.Method.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !parts[0].StartsWith("mash.", StringComparison.Ordinal)) return;

        var user = context.GetHttpContext().User;
        if (user.Identity?.IsAuthenticated != true)
            throw RpcErrors.Unauthenticated();
        var role = user.RoleOf();
        if (!tables.Any(t => t.Service == parts[0] && t.Allows(parts[1], role)))
            throw RpcErrors.PermissionDenied($"A {role} may not call {parts[1]}");
    }
}
