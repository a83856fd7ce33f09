using Mash.Contracts.Intake.V1;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages.Partner;

/// <summary>One of the partner's contacts as intake's referrer view shows it: what was sent, and each child's outcome.</summary>
public sealed class ContactModel(IntakeService.IntakeServiceClient intake) : PageModel
{
    [BindProperty(SupportsGet = true)] public string ContactId { get; set; } = "";

    public Contact Contact { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancel) =>
        Contact = (await intake.GetContactAsync(new GetContactRequest { ContactId = ContactId }, cancellationToken: cancel)).Contact;
}
