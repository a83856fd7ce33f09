using Google.Protobuf;
using Code = Google.Rpc.Code;
using Status = Google.Rpc.Status;
using Mash.BuildingBlocks.Grpc.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;

namespace Mash.BuildingBlocks.Rest;

/// <summary>What the REST door does to a request before its method sees it.</summary>
public static class RestRequests
{
    /// <summary>A gRPC call (application/grpc, +proto or +json); anything else came through the REST door or is not a call.</summary>
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// The REST door's request rules, ahead of authorization and the method:
    /// <list type="bullet">
    /// <item>a body larger than Mash:MaxRequestBytes (the limit gRPC calls have) is refused with 400
    /// before it is read, whether it says its length or not;</item>
    /// <item>a body sent without a content type, or as a form (what <c>curl -d</c> sends), is read as
    /// JSON: the door speaks nothing else, and refusing the commonest way to try it by hand helps no one.</item>
    /// </list>
    /// </summary>
    public static WebApplication UseRestRequestRules(this WebApplication app)
    {
        var maxBytes = app.Configuration.GetValue("Mash:MaxRequestBytes", LimitsExtensions.DefaultMaxRequestBytes);
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (IsGrpc(request))
            {
                await next(context);
                return;
            }
            if (request.ContentLength > maxBytes)
            {
                await WriteAsync(context.Response, StatusCodes.Status400BadRequest, TooLarge(maxBytes));
                return;
            }
            // A body without a length (chunked) is cut off at the limit by Kestrel as it is read.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = maxBytes;
            if (request.ContentType is null or "" || request.ContentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
                request.ContentType = "application/json";
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
            {
                await WriteAsync(context.Response, StatusCodes.Status400BadRequest, TooLarge(maxBytes));
            }
        });
        return app;
    }

    static Status TooLarge(int maxBytes) => new()
    {
        Code = (int)Code.InvalidArgument,
        Message = $"The request body is larger than the {maxBytes} bytes accepted",
    };

    /// <summary>A google.rpc.Status as the REST door's JSON error body.</summary>
    public static async Task WriteAsync(HttpResponse response, int httpStatus, Status status)
    {
        response.StatusCode = httpStatus;
        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(JsonFormatter.Default.Format(status));
    }
}
