using Grpc.Core;
using Mash.BuildingBlocks.Identity;
using Mash.Console.Display;
using Mash.Console.SignIn;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Intake.V1;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages.Staff;

/// <summary>
/// One child's story: every event of the child's trail (contacts, checks, recommendations, decisions,
/// routing, early help, the social care case, clocks) on one timeline, oldest first, each linked to its
/// entry in the verified trail; and the clocks running now, from the child's case and episode. Reads of
/// the record are left out unless asked for.
/// </summary>
public sealed class ChildModel(
    AuditService.AuditServiceClient audit, IntakeService.IntakeServiceClient intake,
    EarlyHelpService.EarlyHelpServiceClient earlyHelp, AllocationService.AllocationServiceClient allocation) : PageModel
{
    [BindProperty(SupportsGet = true)] public string ChildId { get; set; } = "";
    [BindProperty(SupportsGet = true, Name = "reads")] public bool ShowReads { get; set; }

    public List<TrailEntry> Entries { get; } = [];
    public bool Truncated { get; private set; }
    public string Name { get; private set; } = "";
    public Allocation? Case { get; private set; }
    public Episode? Episode { get; private set; }
    public VerifyTrailResponse? Verification { get; private set; }

    public IEnumerable<TrailEntry> Shown => Entries.Where(e => ShowReads || StoryKinds.Of(e.EventType) != StoryKind.Read);

    public async Task OnGetAsync(CancellationToken cancel)
    {
        (var entries, Truncated) = await Clients.TrailReader.ReadAsync(audit, ChildId, cancel);
        Entries.AddRange(entries);
        if (Entries.LastOrDefault(e => e.ContactId.Length > 0) is { } latest)
        {
            var contact = await OrNullAsync(async () => (await intake.GetContactAsync(new GetContactRequest { ContactId = latest.ContactId }, cancellationToken: cancel)).Contact);
            if (contact?.Children.FirstOrDefault(c => c.Child.ChildId == ChildId) is { } child) Name = Names.Of(child.Child);
        }
        Case = await OrNullAsync(async () => (await allocation.GetAllocationAsync(new GetAllocationRequest { ChildId = ChildId }, cancellationToken: cancel)).Allocation);
        Episode = await OrNullAsync(async () => (await earlyHelp.GetEpisodeAsync(new GetEpisodeRequest { ChildId = ChildId }, cancellationToken: cancel)).Episode);
        if (Roles.Allows(Roles.Managers, User.RoleOf()))
            Verification = await audit.VerifyTrailAsync(new VerifyTrailRequest { ChildId = ChildId }, cancellationToken: cancel);
    }

    /// <summary>The clocks that concern the child now: its case's and its episode's lead professional clock.</summary>
    public IEnumerable<(string Where, string Link, Clock Clock)> Clocks =>
        (Case?.Clocks.Select(c => ("Social care case", $"/cases/{Case.AllocationId}", c)) ?? [])
        .Concat(Episode?.LeadProfessionalClock is { } lead ? [("Early help", $"/early-help/{Episode.EpisodeId}", lead)] : []);

    /// <summary>A child with no case or episode yet is not an error: that part of the story is simply empty.</summary>
    static async Task<T?> OrNullAsync<T>(Func<Task<T>> read) where T : class
    {
        try { return await read(); }
        catch (RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.NotFound) { return null; }
    }
}
