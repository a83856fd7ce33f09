using Grpc.Core;
using Mash.BuildingBlocks.Identity;
using Mash.Console.Errors;
using Mash.Console.SignIn;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages.Manager;

/// <summary>
/// Clocks past their due, and running clocks past their at-risk point: earliest due first, with who
/// holds each and, once a manager has said, why it was missed (a manager may say so here).
/// </summary>
public sealed class BreachesModel(AuditService.AuditServiceClient audit, ILogger<BreachesModel> log) : PageModel
{
    [BindProperty(SupportsGet = true)] public ClockKind Clock { get; set; }
    [BindProperty(SupportsGet = true, Name = "after")] public string? Cursor { get; set; }

    public IReadOnlyList<Breach> Breaches { get; private set; } = [];
    public string NextPage { get; private set; } = "";
    public string? PostedClockId { get; private set; }
    // What the manager sent when audit refused it, shown again so nothing typed is lost.
    public MissReason PostedReason { get; private set; }
    public string PostedNote { get; private set; } = "";
    public FormErrors Errors { get; private set; } = FormErrors.None;

    /// <summary>Only a manager says why a clock was missed; an auditor reads the reasons.</summary>
    public bool MayGiveReasons => Roles.Allows(Roles.Countersigners, User.RoleOf());

    /// <summary>Missed (past its due, not stopped by then) and no reason given yet.</summary>
    public static bool AwaitsReason(Breach b) =>
        b.MissReason == MissReason.Unspecified && b.Clock.State is ClockState.Breached or ClockState.Missed;

    public Task OnGetAsync(CancellationToken cancel) => LoadAsync(cancel);

    public async Task<IActionResult> OnPostAsync(string clockId, MissReason reason, string? note, CancellationToken cancel)
    {
        try
        {
            await audit.RecordMissReasonAsync(new RecordMissReasonRequest { ClockId = clockId, Reason = reason, Note = note ?? "" }, cancellationToken: cancel);
            log.LogInformation("Reason {Reason} recorded for missed clock {ClockId}", reason, clockId);
            TempData["Notice"] = "Recorded: the breach list and the timeliness report show why the clock was missed.";
            return RedirectToPage(new { clock = Clock == ClockKind.Unspecified ? null : Clock.ToString() });
        }
        catch (RpcException e) when (FormErrors.IsAboutTheForm(e))
        {
            (PostedClockId, PostedReason, PostedNote, Errors) = (clockId, reason, note ?? "", FormErrors.From(e));
            await LoadAsync(cancel);
            return Page();
        }
    }

    async Task LoadAsync(CancellationToken cancel)
    {
        var request = new ListBreachesRequest { IncludeAtRisk = true, PageSize = 100, PageToken = Cursor ?? "" };
        if (Clock != ClockKind.Unspecified) request.Clocks.Add(Clock);
        var response = await audit.ListBreachesAsync(request, cancellationToken: cancel);
        (Breaches, NextPage) = (response.Breaches, response.NextPageToken);
    }
}
