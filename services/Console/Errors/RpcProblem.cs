using Grpc.Core;

namespace Mash.Console.Errors;

/// <summary>A failed gRPC call as a person reads it: an HTTP status, a plain title and what to do.</summary>
public sealed record RpcProblem(int HttpStatus, string Title, string Advice, string ServiceSaid)
{
    public static RpcProblem From(RpcException error) => error.StatusCode switch
    {
        StatusCode.PermissionDenied => new(403, "You may not do this",
            "Your role or organisation may not see or change this record. If you think you should, ask your manager.", error.Status.Detail),
        // The services answer NOT_FOUND for another agency's or authority's record too, so existence does not leak.
        StatusCode.NotFound => new(404, "Not found", "There is no such record, or it is not one you may see.", error.Status.Detail),
        StatusCode.Unauthenticated => new(401, "Please sign in again", "Your sign-in has expired or was not accepted.", ""),
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => new(503, "A Mash service is not answering",
            "Nothing was changed by this attempt unless the page said so. Try again in a minute.", ""),
        StatusCode.ResourceExhausted => new(429, "Too many requests", "Wait a moment and try again.", error.Status.Detail),
        StatusCode.FailedPrecondition or StatusCode.AlreadyExists => new(409, "This cannot be done now", "The record has changed or is not in a state that allows this.", error.Status.Detail),
        StatusCode.InvalidArgument => new(400, "The request was not accepted", "Go back and check the details.", error.Status.Detail),
        _ => new(500, "Something went wrong", "Try again; if it keeps happening, tell the Mash support team the time it happened.", ""),
    };
}
