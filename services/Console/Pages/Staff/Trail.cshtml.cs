using Mash.BuildingBlocks.Identity;
using Mash.Console.SignIn;
using Mash.Contracts.Audit.V1;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages.Staff;

/// <summary>
/// A child's decision trail in chain order, and for managers and auditors audit's verification of
/// each of its links (screeners may read a trail but not verify it).
/// </summary>
public sealed class TrailModel(AuditService.AuditServiceClient audit) : PageModel
{
    [BindProperty(SupportsGet = true)] public string ChildId { get; set; } = "";

    public List<TrailEntry> Entries { get; } = [];
    public bool Truncated { get; private set; }
    public VerifyTrailResponse? Verification { get; private set; }

    public async Task OnGetAsync(CancellationToken cancel)
    {
        (var entries, Truncated) = await Clients.TrailReader.ReadAsync(audit, ChildId, cancel);
        Entries.AddRange(entries);
        if (Roles.Allows(Roles.Managers, User.RoleOf()))
            Verification = await audit.VerifyTrailAsync(new VerifyTrailRequest { ChildId = ChildId }, cancellationToken: cancel);
    }

    public static string Hex(Google.Protobuf.ByteString hash) => Convert.ToHexStringLower(hash.Span)[..Math.Min(12, hash.Length * 2)];
}
