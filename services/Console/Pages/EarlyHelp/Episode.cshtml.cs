using Grpc.Core;
using Mash.BuildingBlocks.Identity;
using Mash.Console.Errors;
using Mash.Console.Forms;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Intake.V1;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages.EarlyHelp;

/// <summary>
/// One family's early help episode and the work on it: consent, the lead professional (a manager may
/// choose one from the directory, with each person's places shown), the assessment, a step-up back to
/// the MASH, and closing. Early help holds no names, so the children are read from intake's contact
/// (a recorded read, as any other). Each form is offered only in the states the service accepts it.
/// </summary>
public sealed class EpisodeModel(
    EarlyHelpService.EarlyHelpServiceClient earlyHelp, IntakeService.IntakeServiceClient intake, ILogger<EpisodeModel> log) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public string EpisodeId { get; set; } = "";
    [BindProperty] public ConsentForm Consent { get; set; } = new();
    [BindProperty] public AssignForm Assign { get; set; } = new();
    [BindProperty] public AssessmentForm Assessment { get; set; } = new();
    [BindProperty] public StepUpForm StepUp { get; set; } = new();
    [BindProperty] public CloseForm Close { get; set; } = new();

    public Episode Episode { get; private set; } = null!;
    /// <summary>The children by id, with names, from the contact that routed them (null if intake would not show it).</summary>
    public IReadOnlyDictionary<string, Child> Children { get; private set; } = new Dictionary<string, Child>();
    public IReadOnlyList<LeadProfessionalPlaces> Directory { get; private set; } = [];

    bool Practitioner => User.RoleOf() is Role.Screener or Role.Manager;
    bool IsOpen => Episode.Status != EpisodeStatus.Closed;
    public bool MayConsent => Practitioner && Episode.Status is EpisodeStatus.AwaitingConsent or EpisodeStatus.Active or EpisodeStatus.AwaitingLeadProfessional;
    public bool MayAssign => User.RoleOf() == Role.Manager && Episode.Status is EpisodeStatus.AwaitingLeadProfessional or EpisodeStatus.Active;
    public bool MayAssess => Practitioner && Episode.Status == EpisodeStatus.Active;
    public bool MayStepUp => Practitioner && Episode.Status is EpisodeStatus.Active or EpisodeStatus.AwaitingLeadProfessional;
    public bool MayClose => Practitioner && IsOpen && Episode.Status != EpisodeStatus.StepUpRequested;

    /// <summary>Consent decisions that fit where the episode stands: given or declined first, withdrawn once given.</summary>
    public EarlyHelpConsentDecision[] ConsentChoices => Episode.Status == EpisodeStatus.AwaitingConsent
        ? [EarlyHelpConsentDecision.Given, EarlyHelpConsentDecision.Declined]
        : [EarlyHelpConsentDecision.Withdrawn];

    /// <summary>The work with the family as steps: consent first, then the lead professional (the 48-hour clock), then the assessment.</summary>
    public IReadOnlyList<Display.TaskItem> Tasks =>
    [
        new("Record the family's consent", MayConsent && Episode.Status == EpisodeStatus.AwaitingConsent ? "consent-heading" : "",
            Episode.Consents.Count > 0 ? Display.StepStatus.Completed : IsOpen ? Display.StepStatus.ToDo : Display.StepStatus.NotNeeded),
        Display.TaskItem.OfClock("A lead professional for the family", Episode.LeadProfessionalClock, MayAssign ? "assign-heading" : ""),
        new("Record the early help assessment", MayAssess ? "assessment-heading" : "",
            Episode.Assessments.Count > 0 ? Display.StepStatus.Completed : Episode.Status == EpisodeStatus.Active ? Display.StepStatus.ToDo
            : IsOpen ? Display.StepStatus.CannotStartYet : Display.StepStatus.NotNeeded),
    ];

    public async Task OnGetAsync(CancellationToken cancel) => await LoadAsync(cancel);

    public Task<IActionResult> OnPostConsentAsync(CancellationToken cancel) =>
        ChangeAsync("consent", async () => (await earlyHelp.RecordConsentAsync(Consent.ToRequest(EpisodeId), cancellationToken: cancel)).Episode,
            e => e.Status == EpisodeStatus.Closed ? "Recorded: the family does not want early help, so the episode is closed." : "Consent recorded.", cancel);

    public Task<IActionResult> OnPostAssignAsync(CancellationToken cancel) =>
        ChangeAsync("assign", async () => (await earlyHelp.AssignLeadProfessionalAsync(Assign.ToRequest(EpisodeId), cancellationToken: cancel)).Episode,
            e => $"{e.LeadProfessional.LeadProfessional.Name} is the family's lead professional.", cancel);

    public Task<IActionResult> OnPostAssessmentAsync(CancellationToken cancel) =>
        ChangeAsync("assessment", async () =>
        {
            await earlyHelp.RecordAssessmentAsync(Assessment.ToRequest(EpisodeId), cancellationToken: cancel);
            return null;
        }, _ => "Assessment recorded.", cancel);

    public Task<IActionResult> OnPostStepUpAsync(CancellationToken cancel) =>
        ChangeAsync("stepup", async () => (await earlyHelp.RequestStepUpAsync(StepUp.ToRequest(EpisodeId), cancellationToken: cancel)).Episode,
            e => $"Stepped up: a new contact ({e.StepUpContactId}) is with the MASH. The episode stays open until the MASH decides.", cancel);

    public Task<IActionResult> OnPostCloseAsync(CancellationToken cancel) =>
        ChangeAsync("close", async () => (await earlyHelp.CloseEpisodeAsync(Close.ToRequest(EpisodeId), cancellationToken: cancel)).Episode,
            e => $"Episode closed: {Display.Labels.Of(e.Outcome)}.", cancel);

    Task<IActionResult> ChangeAsync(string form, Func<Task<Episode?>> change, Func<Episode, string> notice, CancellationToken cancel) =>
        SubmitAsync(form, async () =>
        {
            var changed = await change();
            log.LogInformation("Episode {EpisodeId}: {Form} recorded", EpisodeId, form);
            return notice(changed ?? new Episode());
        }, $"/early-help/{EpisodeId}", cancel);

    protected override async Task LoadAsync(CancellationToken cancel)
    {
        Episode = (await earlyHelp.GetEpisodeAsync(new GetEpisodeRequest { EpisodeId = EpisodeId }, cancellationToken: cancel)).Episode;
        var contactIds = Episode.Children.Select(c => c.ContactId).Distinct();
        var contacts = await Task.WhenAll(contactIds.Select(async id =>
        {
            try { return (await intake.GetContactAsync(new GetContactRequest { ContactId = id }, cancellationToken: cancel)).Contact; }
            catch (RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.NotFound or Grpc.Core.StatusCode.PermissionDenied) { return null; }
        }));
        Children = contacts.OfType<Contact>().SelectMany(c => c.Children).GroupBy(c => c.Child.ChildId).ToDictionary(g => g.Key, g => g.First().Child);
        if (MayAssign)
            Directory = (await earlyHelp.ListLeadProfessionalsAsync(new ListLeadProfessionalsRequest { Locality = Episode.Locality }, cancellationToken: cancel)).LeadProfessionals;
    }

    public string NameOf(EpisodeChild child) => Children.TryGetValue(child.ChildId, out var known) ? Display.Names.Of(known) : $"Child {child.ChildId[..8]}";
}
