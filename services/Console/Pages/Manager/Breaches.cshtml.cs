using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages.Manager;

/// <summary>Clocks past their due, and running clocks past their at-risk point: earliest due first, with who holds each.</summary>
public sealed class BreachesModel(AuditService.AuditServiceClient audit) : PageModel
{
    [BindProperty(SupportsGet = true)] public ClockKind Clock { get; set; }
    [BindProperty(SupportsGet = true, Name = "after")] public string? Cursor { get; set; }

    public IReadOnlyList<Breach> Breaches { get; private set; } = [];
    public string NextPage { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken cancel)
    {
        var request = new ListBreachesRequest { IncludeAtRisk = true, PageSize = 100, PageToken = Cursor ?? "" };
        if (Clock != ClockKind.Unspecified) request.Clocks.Add(Clock);
        var response = await audit.ListBreachesAsync(request, cancellationToken: cancel);
        (Breaches, NextPage) = (response.Breaches, response.NextPageToken);
    }
}
