using Mash.Console.Errors;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Forms;

/// <summary>
/// Puts a form page in its ViewData, which partials inherit: a partial's model is its own (a date
/// input, rows of concerns), but the field tag helpers inside it must still find the page's errors.
/// </summary>
public sealed class FormPageFilter : IPageFilter
{
    public const string Key = "FormPage";

    public void OnPageHandlerSelected(PageHandlerSelectedContext context) { }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (context.HandlerInstance is PageModel { } model and IFormPage) model.ViewData[Key] = model;
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context) { }
}
