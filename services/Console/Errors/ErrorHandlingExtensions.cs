using Grpc.Core;

namespace Mash.Console.Errors;

public static class ErrorHandlingExtensions
{
    /// <summary>
    /// A failed gRPC call that a page did not handle itself becomes a plain page (/error): "you may not"
    /// for PERMISSION_DENIED, "not found" for NOT_FOUND, sign in again for UNAUTHENTICATED. Status codes
    /// without a body (404, 403) get the same page.
    /// </summary>
    public static WebApplication UseConsoleErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error",
            StatusCodeSelector = e => e is RpcException rpc ? RpcProblem.From(rpc).HttpStatus : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        return app;
    }
}
