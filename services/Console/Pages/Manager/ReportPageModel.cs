using Mash.Console.Display;
using Mash.Console.Forms;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages.Manager;

/// <summary>A report over a period the manager chooses (from, to: Europe/London dates, inclusive).</summary>
public abstract class ReportPageModel(TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    protected TimeProvider Time { get; } = time;

    public Period Period => field ??= Period.Parse(From, To, LondonTime.Today(Time));
}
