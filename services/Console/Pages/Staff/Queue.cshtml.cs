using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages.Staff;

/// <summary>
/// The screener queue, as intake orders it: children nobody has triaged yet first, then by decision
/// deadline. Filters are intake's own; paging follows intake's opaque token.
/// </summary>
public sealed class QueueModel(IntakeService.IntakeServiceClient intake) : PageModel
{
    /// <summary>Open work by default: what still waits for a screener.</summary>
    static readonly ChildStatus[] Open = [ChildStatus.Received, ChildStatus.Triaged, ChildStatus.AwaitingChecks, ChildStatus.AwaitingDecision];

    [BindProperty(SupportsGet = true)] public ChildStatus Status { get; set; }
    [BindProperty(SupportsGet = true)] public Rag Rag { get; set; }
    [BindProperty(SupportsGet = true, Name = "after")] public string? Cursor { get; set; }

    public IReadOnlyList<QueueItem> Items { get; private set; } = [];
    public string NextPage { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken cancel)
    {
        var request = new ListContactsRequest { PageSize = 50, PageToken = Cursor ?? "" };
        if (Status == ChildStatus.Unspecified) request.Statuses.AddRange(Open);
        else request.Statuses.Add(Status);
        if (Rag != Rag.Unspecified) request.Rags.Add(Rag);
        var response = await intake.ListContactsAsync(request, cancellationToken: cancel);
        (Items, NextPage) = (response.Items, response.NextPageToken);
    }
}
