using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Mash.BuildingBlocks.Data;
using Mash.BuildingBlocks.Identity;

namespace Mash.BuildingBlocks.Grpc;

/// <summary>
/// A call that failed because the database could not be reached in time (the connection pool
/// stayed busy past its timeout, the server restarting) is answered UNAVAILABLE with a RetryInfo,
/// the status gRPC clients and partners' systems retry, instead of UNKNOWN ("exception was thrown
/// by handler"), which tells the caller nothing. Almost always nothing was stored; should the
/// connection have dropped during the commit itself, a submission retried with its idempotency key
/// is still stored once.
/// </summary>
public sealed class TransientFaultInterceptor(ILogger<TransientFaultInterceptor> logger) : Interceptor
{
    static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        // The same judgement as a starting service's wait for its database.
        catch (Exception e) when (e is not RpcException && StartupRetry.IsTransient(e))
        {
            logger.LogWarning("{Method} could not reach its database in time ({Fault}); answered UNAVAILABLE", context.MethodName(), e.GetBaseException().GetType().Name);
            throw RpcErrors.Unavailable("The service could not reach its database in time (busy, or restarting). Try again; a contact sent again with the same idempotency key is stored once.", RetryAfter);
        }
    }
}
