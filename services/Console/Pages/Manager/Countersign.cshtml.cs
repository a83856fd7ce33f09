using Grpc.Core;
using Mash.Console.Errors;
using Mash.Console.SignIn;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Mash.Contracts.Thresholds.V1;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages.Manager;

/// <summary>A decision waiting for a manager's countersignature, with the child it is about.</summary>
public sealed record AwaitingCountersignature(QueueItem Child, Recommendation Recommended, Decision Decision);

/// <summary>
/// The countersign queue. Thresholds has no list of decisions awaiting countersignature, so the page
/// takes intake's children awaiting a decision and asks thresholds for each one's decisions.
/// </summary>
[Authorize(Policy = Roles.Countersigners)]
public sealed class CountersignModel(IntakeService.IntakeServiceClient intake, ThresholdService.ThresholdServiceClient thresholds, ILogger<CountersignModel> log)
    : PageModel
{
    /// <summary>Children looked at per visit; the queue says when there may be more.</summary>
    const int Window = 200;

    public IReadOnlyList<AwaitingCountersignature> Waiting { get; private set; } = [];
    public bool MoreWaiting { get; private set; }
    public string? PostedDecisionId { get; private set; }
    // The comment sent when thresholds refused it, shown again so nothing typed is lost.
    public string PostedComment { get; private set; } = "";
    public FormErrors Errors { get; private set; } = FormErrors.None;

    public Task OnGetAsync(CancellationToken cancel) => LoadAsync(cancel);

    public async Task<IActionResult> OnPostAsync(string decisionId, bool approve, string? comment, CancellationToken cancel)
    {
        try
        {
            await thresholds.CountersignDecisionAsync(new CountersignDecisionRequest { DecisionId = decisionId, Approve = approve, Comment = comment ?? "" }, cancellationToken: cancel);
            log.LogInformation("Decision {DecisionId} countersigned (approved: {Approved})", decisionId, approve);
            TempData["Notice"] = approve ? "Countersigned: the decision takes effect." : "Refused: the child waits for a new decision.";
            return RedirectToPage();
        }
        catch (RpcException e) when (FormErrors.IsAboutTheForm(e) || e.StatusCode == Grpc.Core.StatusCode.PermissionDenied)
        {
            // Permission here is the four-eyes rule (not the decider), shown beside the decision, not as a dead end.
            (PostedDecisionId, PostedComment, Errors) = (decisionId, comment ?? "", e.StatusCode == Grpc.Core.StatusCode.PermissionDenied ? new FormErrors().AddGeneral(e.Status.Detail) : FormErrors.From(e));
            await LoadAsync(cancel);
            return Page();
        }
    }

    async Task LoadAsync(CancellationToken cancel)
    {
        var queue = await intake.ListContactsAsync(new ListContactsRequest { Statuses = { ChildStatus.AwaitingDecision }, PageSize = Window }, cancellationToken: cancel);
        MoreWaiting = queue.NextPageToken.Length > 0;
        var found = await Task.WhenAll(queue.Items.Select(async child =>
        {
            var r = await thresholds.GetRecommendationAsync(new GetRecommendationRequest { ContactId = child.ContactId, ChildId = child.ChildId }, cancellationToken: cancel);
            return r.Decisions.Where(d => d.State == DecisionState.AwaitingCountersignature).Select(d => new AwaitingCountersignature(child, d.Recommendation ?? r.Current, d));
        }));
        Waiting = found.SelectMany(x => x).OrderBy(w => w.Decision.DecidedAt.ToDateTimeOffset()).ToList();
    }
}
