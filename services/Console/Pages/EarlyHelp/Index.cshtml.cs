using Mash.Contracts.EarlyHelp.V1;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages.EarlyHelp;

/// <summary>
/// The hub's early help episodes, the 48-working-hour lead professional deadline first (early help's
/// order), by locality and status. Open episodes unless the closed ones are asked for.
/// </summary>
public sealed class IndexModel(EarlyHelpService.EarlyHelpServiceClient earlyHelp) : PageModel
{
    public static readonly EpisodeStatus[] Open =
        [EpisodeStatus.AwaitingConsent, EpisodeStatus.AwaitingLeadProfessional, EpisodeStatus.Active, EpisodeStatus.StepUpRequested];

    [BindProperty(SupportsGet = true)] public string Locality { get; set; } = "";
    [BindProperty(SupportsGet = true)] public EpisodeStatus Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "after")] public string? Cursor { get; set; }

    public IReadOnlyList<Episode> Episodes { get; private set; } = [];
    public string NextPage { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken cancel)
    {
        var request = new ListEpisodesRequest { Locality = Locality.Trim(), PageSize = 25, PageToken = Cursor ?? "" };
        request.Statuses.AddRange(Status == EpisodeStatus.Unspecified ? Open : [Status]);
        var page = await earlyHelp.ListEpisodesAsync(request, cancellationToken: cancel);
        Episodes = page.Episodes;
        NextPage = page.NextPageToken;
    }

    public string PageLink(string after) =>
        $"/early-help?locality={Uri.EscapeDataString(Locality)}&status={Status}&after={Uri.EscapeDataString(after)}";
}
