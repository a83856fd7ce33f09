using Grpc.Core;
using Mash.BuildingBlocks.Identity;
using Mash.Console.Errors;
using Mash.Console.Forms;
using Mash.Console.SignIn;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Mash.Contracts.Thresholds.V1;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages.Staff;

/// <summary>
/// One contact as the hub sees it, one child at a time: the children, concerns, earlier contacts, the
/// rules' recommendation with every rule that fired and why, the decisions so far and the decision form.
/// </summary>
public sealed class ContactModel(IntakeService.IntakeServiceClient intake, ThresholdService.ThresholdServiceClient thresholds, ILogger<ContactModel> log)
    : FormPageModel
{
    static readonly ChildStatus[] Decidable = [ChildStatus.Triaged, ChildStatus.AwaitingChecks, ChildStatus.AwaitingDecision];

    [BindProperty(SupportsGet = true)] public string ContactId { get; set; } = "";
    [BindProperty(SupportsGet = true, Name = "child")] public string? ChildId { get; set; }
    [BindProperty] public DecisionForm Decision { get; set; } = new();
    [BindProperty] public CheckRequestForm Checks { get; set; } = new();

    public Contact Contact { get; private set; } = null!;
    public ContactChild Child { get; private set; } = null!;
    /// <summary>Null until the rules have run for the child.</summary>
    public GetRecommendationResponse? Recommendation { get; private set; }

    public bool MayDecide =>
        Roles.Allows(Roles.Deciders, User.RoleOf()) && Recommendation?.Current is not null && Decidable.Contains(Child.Status)
        && !Recommendation.Decisions.Any(d => d.State == DecisionState.AwaitingCountersignature);

    /// <summary>Only a screener asks agencies (intake's rule), while the child still waits for a decision.</summary>
    public bool MayRequestChecks =>
        User.RoleOf() == Role.Screener && Contact.WithdrawnAt is null && Decidable.Contains(Child.Status);

    public Task OnGetAsync(CancellationToken cancel) => LoadAsync(cancel);

    public Task<IActionResult> OnPostDecideAsync(CancellationToken cancel)
    {
        ChildId = Decision.ChildId;
        return SubmitAsync("decision", async () =>
        {
            var recorded = await thresholds.RecordDecisionAsync(Decision.ToRequest(ContactId), cancellationToken: cancel);
            log.LogInformation("Decision {DecisionId} recorded on child {ChildId} of contact {ContactId}", recorded.Decision.DecisionId, ChildId, ContactId);
            return recorded.AwaitingCountersignature
                ? "Decision recorded. It steps a red or child protection recommendation down to no further action, so it waits for a manager's countersignature."
                : $"Decision recorded: {Display.Labels.Of(recorded.Decision.Stage)} decision, {DecisionSummary(recorded.Decision)}.";
        }, $"/contacts/{ContactId}?child={ChildId}", cancel);
    }

    public Task<IActionResult> OnPostRequestChecksAsync(CancellationToken cancel) =>
        SubmitAsync("checks", async () =>
        {
            var requested = await intake.RequestAgencyChecksAsync(Checks.ToRequest(ContactId), cancellationToken: cancel);
            log.LogInformation("{Checks} agency checks requested on contact {ContactId}", requested.Checks.Count, ContactId);
            return $"Checks requested from {string.Join(", ", requested.Checks.Select(c => Display.Labels.Of(c.AgencyKind)))}. Answers appear below as they arrive, and the rules run again with each.";
        }, $"/contacts/{ContactId}?child={ChildId}", cancel);

    public bool InitialInEffect => Recommendation?.Decisions.Any(d => d.Stage == DecisionStage.Initial && d.State == DecisionState.InEffect) == true;

    public static string DecisionSummary(Decision d) =>
        d.InitialOutcome == InitialDecisionOutcome.ScreeningRequired ? "screening required (agency checks)"
        : d.Pathway == Pathway.NoFurtherAction || d.InitialOutcome == InitialDecisionOutcome.NoFurtherAction ? $"no further action ({Display.Labels.Of(d.NfaReason)})"
        : Display.Labels.Of(d.Pathway);

    protected override async Task LoadAsync(CancellationToken cancel)
    {
        Contact = (await intake.GetContactAsync(new GetContactRequest { ContactId = ContactId }, cancellationToken: cancel)).Contact;
        Child = Contact.Children.FirstOrDefault(c => c.Child.ChildId == ChildId) ?? Contact.Children[0];
        ChildId = Child.Child.ChildId;
        if (Child.Status == ChildStatus.Received || Child.Recommendation is null) return;
        Recommendation = await thresholds.GetRecommendationAsync(new GetRecommendationRequest { ContactId = ContactId, ChildId = ChildId }, cancellationToken: cancel);
        // The decision form starts from the recommendation, unless it is the form being shown again with its errors.
        if (PostedForm != "decision" && Recommendation.Current is { } current)
            Decision = DecisionForm.For(Child.Child.ChildId, current, InitialInEffect);
    }
}
