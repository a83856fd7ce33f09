using Mash.Contracts.Intake.V1;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages.Partner;

/// <summary>A row of "my contacts": one child of one contact, with what became of it (referrer view).</summary>
public sealed record MyContactRow(QueueItem Child, ContactChild? Outcome);

/// <summary>
/// The partner's own contacts (intake lists only its agency's) with each child's outcome, read from the
/// referrer view of each contact on the page.
/// </summary>
public sealed class ContactsModel(IntakeService.IntakeServiceClient intake) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "after")] public string? Cursor { get; set; }

    public IReadOnlyList<MyContactRow> Rows { get; private set; } = [];
    public string NextPage { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken cancel)
    {
        var page = await intake.ListContactsAsync(new ListContactsRequest { PageSize = 25, PageToken = Cursor ?? "" }, cancellationToken: cancel);
        var contacts = await Task.WhenAll(page.Items.Select(i => i.ContactId).Distinct().Select(async id =>
            (await intake.GetContactAsync(new GetContactRequest { ContactId = id }, cancellationToken: cancel)).Contact));
        var children = contacts.SelectMany(c => c.Children).ToDictionary(c => c.Child.ChildId);
        Rows = page.Items.OrderByDescending(i => i.ReceivedAt.ToDateTimeOffset())
            .Select(i => new MyContactRow(i, children.GetValueOrDefault(i.ChildId))).ToList();
        NextPage = page.NextPageToken;
    }
}
