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
    /// <summary>A trail longer than this is shown in part; audit pages it 500 at a time.</summary>
    const int MaxPages = 10;

    [BindProperty(SupportsGet = true)] public string ChildId { get; set; } = "";

    public List<TrailEntry> Entries { get; } = [];
    public bool Truncated { get; private set; }
    public VerifyTrailResponse? Verification { get; private set; }

    public async Task OnGetAsync(CancellationToken cancel)
    {
        var token = "";
        for (var page = 0; page < MaxPages; page++)
        {
            var response = await audit.GetDecisionTrailAsync(new GetDecisionTrailRequest { ChildId = ChildId, PageSize = 500, PageToken = token }, cancellationToken: cancel);
            Entries.AddRange(response.Entries);
            token = response.NextPageToken;
            if (token.Length == 0) break;
        }
        Truncated = token.Length > 0;
        if (Roles.Allows(Roles.Managers, User.RoleOf()))
            Verification = await audit.VerifyTrailAsync(new VerifyTrailRequest { ChildId = ChildId }, cancellationToken: cancel);
    }

    public static string Hex(Google.Protobuf.ByteString hash) => Convert.ToHexStringLower(hash.Span)[..Math.Min(12, hash.Length * 2)];
}
