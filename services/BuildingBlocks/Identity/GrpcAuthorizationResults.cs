using Google.Protobuf;
using Google.Rpc;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Mash.BuildingBlocks.Identity;

/// <summary>
/// Answers a gRPC call that authorization refused as a gRPC call, not with a bare HTTP 401/403:
/// a trailers-only response with grpc-status UNAUTHENTICATED (no valid token) or PERMISSION_DENIED
/// (the access table's reason in grpc-message), and the same google.rpc.Status in
/// grpc-status-details-bin as <see cref="Grpc.RpcErrors"/> gives everywhere else. Anything else
/// gets ASP.NET Core's default answer.
/// </summary>
public sealed class GrpcAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Succeeded || !IsGrpc(context.Request))
            return _default.HandleAsync(next, context, policy, result);

        var status = result.Challenged
            ? new Status { Code = (int)Code.Unauthenticated, Message = "A valid bearer token is required" }
            : new Status
            {
                Code = (int)Code.PermissionDenied,
                Message = result.AuthorizationFailure?.FailureReasons.Select(r => r.Message).FirstOrDefault() ?? "You may not call this method",
            };
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = status.Code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
        // Binary metadata is base64; gRPC asks senders to leave out the padding.
        response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray()).TrimEnd('=');
        return Task.CompletedTask;
    }

    static bool IsGrpc(Microsoft.AspNetCore.Http.HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
}
