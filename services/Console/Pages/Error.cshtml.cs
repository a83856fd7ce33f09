using Grpc.Core;
using Mash.Console.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages;

/// <summary>
/// Where a failed call a page did not handle ends up (re-executed by the exception handler, so with
/// the original method), and the page for bare 403/404 answers.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public RpcProblem Problem { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(int? code) => ShowAsync(code);

    public Task<IActionResult> OnPostAsync(int? code) => ShowAsync(code);

    async Task<IActionResult> ShowAsync(int? code)
    {
        var error = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        // The token in the cookie expired or the services no longer trust it: sign out and say so (no
        // automatic redirect, which would loop if the console and the services disagree on the key).
        if (error is RpcException { StatusCode: Grpc.Core.StatusCode.Unauthenticated }) await HttpContext.SignOutAsync();
        Problem = error is RpcException rpc ? RpcProblem.From(rpc) : code switch
        {
            400 => new RpcProblem(400, "The form was not accepted", "It may have expired or not come from this site: go back, reload the page and try again.", ""),
            403 => new RpcProblem(403, "You may not do this", "Your role may not use this page.", ""),
            404 => new RpcProblem(404, "Not found", "There is no page at this address.", ""),
            _ => new RpcProblem(code ?? 500, "Something went wrong", "Try again; if it keeps happening, tell the Mash support team the time it happened.", ""),
        };
        Response.StatusCode = Problem.HttpStatus;
        return Page();
    }
}
