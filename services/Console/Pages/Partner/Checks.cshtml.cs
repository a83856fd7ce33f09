using Mash.Contracts.Intake.V1;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages.Partner;

/// <summary>
/// The partner agency's multi-agency checks, oldest deadline first (intake's order): open ones by
/// default, answered ones on request. Intake lists only the caller's own agency's checks.
/// </summary>
public sealed class ChecksModel(IntakeService.IntakeServiceClient intake, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "answered")] public bool ShowAnswered { get; set; }
    [BindProperty(SupportsGet = true, Name = "after")] public string? Cursor { get; set; }

    public IReadOnlyList<AgencyCheck> Checks { get; private set; } = [];
    public string NextPage { get; private set; } = "";
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancel)
    {
        Now = time.GetUtcNow();
        var page = await intake.ListAgencyChecksAsync(new ListAgencyChecksRequest
        {
            States = { ShowAnswered ? AgencyCheckState.Answered : AgencyCheckState.Open },
            PageSize = 25,
            PageToken = Cursor ?? "",
        }, cancellationToken: cancel);
        Checks = page.Checks;
        NextPage = page.NextPageToken;
    }

    public bool Late(AgencyCheck check) => check.Answer?.Late ?? check.DueAt.ToDateTimeOffset() <= Now;
}
