using Google.Protobuf;
using Google.Rpc;
using Mash.BuildingBlocks.Rest;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Mash.BuildingBlocks.Identity;

/// <summary>
/// Answers a gRPC call that authorization refused as a gRPC call, not with a bare HTTP 401/403:
/// a trailers-only response with grpc-status UNAUTHENTICATED (no valid token) or PERMISSION_DENIED
/// (the access table's reason in grpc-message), and the same google.rpc.Status in
/// grpc-status-details-bin as <see cref="Grpc.RpcErrors"/> gives everywhere else. A request
/// through the REST door (anything not gRPC) gets that google.rpc.Status as JSON with HTTP 401
/// (and the bearer challenge) or 403, as transcoded methods answer their own errors.
/// </summary>
public sealed class GrpcAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, result);
            return;
        }

        var status = result.Challenged
            ? new Status { Code = (int)Code.Unauthenticated, Message = "A valid bearer token is required" }
            : new Status
            {
                Code = (int)Code.PermissionDenied,
                Message = result.AuthorizationFailure?.FailureReasons.Select(r => r.Message).FirstOrDefault() ?? "You may not call this method",
            };
        var response = context.Response;
        if (!RestRequests.IsGrpc(context.Request))
        {
            // The challenge adds WWW-Authenticate: Bearer (with the token's fault, if any) and 401.
            if (result.Challenged) await context.ChallengeAsync();
            await RestRequests.WriteAsync(response, result.Challenged ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden, status);
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = status.Code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
        // Binary metadata is base64; gRPC asks senders to leave out the padding.
        response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray()).TrimEnd('=');
    }
}
