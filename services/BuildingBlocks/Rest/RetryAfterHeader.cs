using System.Globalization;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;

namespace Mash.BuildingBlocks.Rest;

/// <summary>
/// A refusal that says when to try again (RESOURCE_EXHAUSTED, UNAVAILABLE with a google.rpc.RetryInfo)
/// also sets HTTP's Retry-After, in whole seconds rounded up, when the call came through the REST
/// door: an HTTP client backs off on the header without reading the body. gRPC callers read the
/// RetryInfo as before.
/// </summary>
public sealed class RetryAfterHeader : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException e) when (e.GetRpcStatus()?.GetDetail<RetryInfo>() is { RetryDelay: { } delay })
        {
            var http = context.GetHttpContext();
            if (!RestRequests.IsGrpc(http.Request) && !http.Response.HasStarted)
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(delay.ToTimeSpan().TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            throw;
        }
    }
}
