using Grpc.Core;
using Mash.Console.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages;

/// <summary>
/// A page whose forms change a record through a service: on success, back to the page with a notice
/// (post, redirect, get); when the service refuses what was entered, the same page again with its
/// messages beside the posted form's fields. Anything else (not found, not allowed) is the error page's.
/// </summary>
public abstract class FormPageModel : PageModel, IFormPage
{
    public FormErrors Errors { get; private set; } = FormErrors.None;

    /// <summary>Which of the page's forms the errors belong to.</summary>
    public string PostedForm { get; private set; } = "";

    /// <summary>Reads what the page shows; again after a refusal, so the page is drawn as it stands.</summary>
    protected abstract Task LoadAsync(CancellationToken cancel);

    protected async Task<IActionResult> SubmitAsync(string form, Func<Task<string>> change, string redirect, CancellationToken cancel)
    {
        try
        {
            TempData["Notice"] = await change();
            return Redirect(redirect);
        }
        catch (RpcException e) when (FormErrors.IsAboutTheForm(e))
        {
            Errors = FormErrors.From(e);
            PostedForm = form;
            await LoadAsync(cancel);
            return Page();
        }
    }
}
