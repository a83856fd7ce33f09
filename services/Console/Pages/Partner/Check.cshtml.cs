using Mash.Console.Errors;
using Mash.Console.Forms;
using Mash.Contracts.Intake.V1;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages.Partner;

/// <summary>
/// One check for the partner's agency: who it is about (the details the agency searches its own systems
/// with) and the answer form. Intake has no call for one check, so the page lists the contact's checks
/// for the caller's agency and takes this one: a check of another agency is simply not found.
/// </summary>
public sealed class CheckModel(IntakeService.IntakeServiceClient intake, ILogger<CheckModel> log) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public string CheckId { get; set; } = "";
    [BindProperty(SupportsGet = true, Name = "contact")] public string ContactId { get; set; } = "";
    [BindProperty] public CheckAnswerForm Answer { get; set; } = new();

    public AgencyCheck Check { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancel)
    {
        await LoadAsync(cancel);
        return Check is null ? NotFound() : Page();
    }

    public Task<IActionResult> OnPostAsync(CancellationToken cancel) =>
        SubmitAsync("", async () =>
        {
            var answered = await intake.RecordAgencyCheckAsync(Answer.ToRequest(CheckId), cancellationToken: cancel);
            log.LogInformation("Agency check {CheckId} answered (late: {Late})", CheckId, answered.Check.Answer.Late);
            return answered.Check.Answer.Late
                ? "Answer sent. It was after the deadline: the hub has it now and the rules run again."
                : "Answer sent. The hub has it now and the rules run again.";
        }, "/partner/checks", cancel);

    protected override async Task LoadAsync(CancellationToken cancel)
    {
        var checks = await intake.ListAgencyChecksAsync(new ListAgencyChecksRequest
        {
            ContactId = ContactId,
            States = { AgencyCheckState.Open, AgencyCheckState.Answered, AgencyCheckState.Cancelled },
            PageSize = 50,
        }, cancellationToken: cancel);
        Check = checks.Checks.FirstOrDefault(c => c.CheckId == CheckId)!;
    }
}
