using Grpc.Core;
using Mash.BuildingBlocks.Identity;
using Mash.Console.Errors;
using Mash.Console.Forms;
using Mash.Contracts.Intake.V1;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages.Partner;

/// <summary>
/// A partner makes a contact. Rows for more children, household members and concerns are added by
/// posting the form back (no script needed); intake's validation messages come back next to the fields.
/// </summary>
public sealed class SubmitModel(IntakeService.IntakeServiceClient intake, ILogger<SubmitModel> log) : PageModel, IFormPage
{
    [BindProperty] public SubmitContactForm Form { get; set; } = new();
    public FormErrors Errors { get; private set; } = FormErrors.None;
    public string Agency => User.AgencyOf();

    public void OnGet() => Form = new SubmitContactForm { IdempotencyKey = Guid.NewGuid().ToString() };

    public async Task<IActionResult> OnPostAsync(CancellationToken cancel)
    {
        try
        {
            var submitted = await intake.SubmitContactAsync(Form.ToRequest(Agency), cancellationToken: cancel);
            log.LogInformation("Contact {ContactId} submitted with {Children} children (replayed: {Replayed})", submitted.ContactId, submitted.Children.Count, submitted.Replayed);
            TempData["Notice"] = $"Contact received. Its reference is {submitted.ContactId}.";
            return Redirect($"/partner/contacts/{submitted.ContactId}");
        }
        catch (RpcException e) when (FormErrors.IsAboutTheForm(e))
        {
            Errors = FormErrors.From(e);
            return Page();
        }
    }

    public IActionResult OnPostAddChild() => Changed(() => Form.Children.Add(new ChildInput()));
    public IActionResult OnPostAddPerson() => Changed(() => Form.Household.Add(new PersonInput()));
    public IActionResult OnPostAddConcern() => Changed(() => Form.Concerns.Add(new ConcernInput()));
    public IActionResult OnPostRemoveChild(int index) => Changed(() => RemoveAt(Form.Children, index));
    public IActionResult OnPostRemovePerson(int index) => Changed(() => RemoveAt(Form.Household, index));
    public IActionResult OnPostRemoveConcern(int index) => Changed(() => RemoveAt(Form.Concerns, index));

    IActionResult Changed(Action change)
    {
        change();
        // The posted values bind the form; clearing model state lets the re-rendered rows show the list as it is now.
        ModelState.Clear();
        return Page();
    }

    static void RemoveAt<T>(List<T> list, int index)
    {
        if (index >= 0 && index < list.Count) list.RemoveAt(index);
    }
}
