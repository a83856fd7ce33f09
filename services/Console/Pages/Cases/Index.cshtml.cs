using Mash.Contracts.Allocation.V1;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages.Cases;

/// <summary>
/// The locality teams' caseloads: each worker's open cases against their cap, each team's total, and
/// the cases themselves (queued first, as allocation lists them).
/// </summary>
public sealed class IndexModel(AllocationService.AllocationServiceClient allocation) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Locality { get; set; } = "";
    [BindProperty(SupportsGet = true, Name = "team")] public string TeamId { get; set; } = "";
    [BindProperty(SupportsGet = true, Name = "after")] public string? Cursor { get; set; }

    public ListCaseloadResponse Caseload { get; private set; } = new();

    public async Task OnGetAsync(CancellationToken cancel) =>
        Caseload = await allocation.ListCaseloadAsync(new ListCaseloadRequest { Locality = Locality.Trim(), TeamId = TeamId.Trim(), PageSize = 50, PageToken = Cursor ?? "" }, cancellationToken: cancel);

    /// <summary>Each team's workers together: open cases against the sum of the caps.</summary>
    public IEnumerable<(string TeamId, int Cases, int Cap, int Workers)> Teams =>
        Caseload.Workers.GroupBy(w => w.TeamId).OrderBy(g => g.Key).Select(g => (g.Key, g.Sum(w => w.Caseload), g.Sum(w => w.CaseloadCap), g.Count()));

    /// <summary>A case's next running clock: the one due first.</summary>
    public static Mash.Contracts.Common.V1.Clock? NextClock(Allocation a) =>
        a.Clocks.Where(c => Mash.BuildingBlocks.ReferenceData.ClockStates.IsRunning(c.State))
            .OrderBy(c => c.DueAt.ToDateTimeOffset()).FirstOrDefault();
}
