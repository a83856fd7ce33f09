using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Mash.BuildingBlocks.Grpc;

/// <summary>gRPC errors in the rich error model (google.rpc.Status with details), one way everywhere.</summary>
public static class RpcErrors
{
    /// <summary>INVALID_ARGUMENT with every field violation at once, each naming its field path.</summary>
    public static RpcException InvalidArgument(IEnumerable<(string Field, string Description)> violations)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        return new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = $"The request has {badRequest.FieldViolations.Count} invalid field(s): {string.Join(", ", badRequest.FieldViolations.Select(v => v.Field))}",
            Details = { Any.Pack(badRequest) },
        }.ToRpcException();
    }

    public static RpcException NotFound(string what) =>
        new Google.Rpc.Status { Code = (int)Code.NotFound, Message = $"{what} was not found" }.ToRpcException();

    public static RpcException Unauthenticated() =>
        new Google.Rpc.Status { Code = (int)Code.Unauthenticated, Message = "A valid bearer token is required" }.ToRpcException();

    public static RpcException PermissionDenied(string message) =>
        new Google.Rpc.Status { Code = (int)Code.PermissionDenied, Message = message }.ToRpcException();

    /// <summary>The request is well formed but the record is not in a state that allows it.</summary>
    public static RpcException FailedPrecondition(string message) =>
        new Google.Rpc.Status { Code = (int)Code.FailedPrecondition, Message = message }.ToRpcException();

    public static RpcException AlreadyExists(string message) =>
        new Google.Rpc.Status { Code = (int)Code.AlreadyExists, Message = message }.ToRpcException();

    /// <summary>
    /// UNAVAILABLE with a google.rpc.RetryInfo: the call may be sent again as it was (with the same
    /// idempotency key for a submission).
    /// </summary>
    public static RpcException Unavailable(string message, TimeSpan retryAfter) => Retryable(Code.Unavailable, message, retryAfter);

    /// <summary>RESOURCE_EXHAUSTED with a google.rpc.RetryInfo saying when to try again.</summary>
    public static RpcException ResourceExhausted(string message, TimeSpan retryAfter) => Retryable(Code.ResourceExhausted, message, retryAfter);

    static RpcException Retryable(Code code, string message, TimeSpan retryAfter) => new Google.Rpc.Status
    {
        Code = (int)code,
        Message = message,
        Details = { Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }) },
    }.ToRpcException();
}
