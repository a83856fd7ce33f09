using Grpc.Core;
using Mash.BuildingBlocks.Identity;
using Mash.Console.Errors;
using Mash.Console.Forms;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages.Cases;

/// <summary>
/// One child's statutory case: its clocks counting down in working time, and the casework that stops
/// them: the strategy discussion, the child seen, the initial conference, the assessment; a step-down
/// to early help; and for a manager, reallocation. Allocation holds no names, so the child is read
/// from intake's contact (a recorded read). Allocation decides what each change may do; the page offers
/// a form only where the case's pathway and status make it possible.
/// </summary>
public sealed class CaseModel(
    AllocationService.AllocationServiceClient allocation, IntakeService.IntakeServiceClient intake, ILogger<CaseModel> log) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public string AllocationId { get; set; } = "";
    [BindProperty] public StrategyDiscussionForm Strategy { get; set; } = new();
    [BindProperty] public ChildSeenForm Seen { get; set; } = new();
    [BindProperty] public ConferenceForm Conference { get; set; } = new();
    [BindProperty] public CaseAssessmentForm Assessment { get; set; } = new();
    [BindProperty] public StepDownForm StepDown { get; set; } = new();
    [BindProperty] public ReallocateForm Reallocation { get; set; } = new();

    public Allocation Case { get; private set; } = null!;
    public Child? Child { get; private set; }
    public IReadOnlyList<Worker> Workers { get; private set; } = [];

    bool Practitioner => User.RoleOf() is Role.Screener or Role.Manager;
    bool Allocated => Case.Status == AllocationStatus.Allocated;
    bool Running(ClockKind kind) => Case.Clocks.Any(c => c.Kind == kind && Mash.BuildingBlocks.ReferenceData.ClockStates.IsRunning(c.State));

    public bool MayRecordStrategy => Practitioner && Allocated && Case.Pathway == Pathway.ChildProtection;
    public bool MayRecordSeen => Practitioner && Allocated;
    public bool MayRecordConference => Practitioner && Allocated && Running(ClockKind.InitialChildProtectionConference);
    public bool MayCompleteAssessment => Practitioner && Allocated && Case.Assessment is null;
    public bool MayStepDown => Practitioner && Allocated;
    public bool MayReallocate => User.RoleOf() == Role.Manager && Case.Status is AllocationStatus.Allocated or AllocationStatus.Queued;

    /// <summary>The casework as steps, each with its clock's state: what is done, what is due, what cannot start yet.</summary>
    public IReadOnlyList<Display.TaskItem> Tasks =>
    [
        .. Case.Pathway == Pathway.ChildProtection ? [Display.TaskItem.OfClock("Strategy discussion", ClockOf(ClockKind.StrategyDiscussion), MayRecordStrategy ? "strategy-heading" : "")] : Array.Empty<Display.TaskItem>(),
        Display.TaskItem.OfClock("See the child", ClockOf(ClockKind.ChildSeen), MayRecordSeen ? "seen-heading" : ""),
        .. ClockOf(ClockKind.InitialChildProtectionConference) is { } icpc ? [Display.TaskItem.OfClock("Initial child protection conference", icpc, MayRecordConference ? "conference-heading" : "")] : Array.Empty<Display.TaskItem>(),
        Display.TaskItem.OfClock("Complete the assessment", ClockOf(ClockKind.AssessmentCompleted), MayCompleteAssessment ? "case-assessment-heading" : ""),
    ];

    Clock? ClockOf(ClockKind kind) => Case.Clocks.Where(c => c.Kind == kind).OrderByDescending(c => c.StartedAt.ToDateTimeOffset()).FirstOrDefault();

    public async Task OnGetAsync(CancellationToken cancel) => await LoadAsync(cancel);

    public Task<IActionResult> OnPostStrategyAsync(CancellationToken cancel) =>
        ChangeAsync("strategy", () => allocation.RecordStrategyDiscussionAsync(Strategy.ToRequest(AllocationId), cancellationToken: cancel).ResponseAsync, "Strategy discussion recorded.", cancel);

    public Task<IActionResult> OnPostSeenAsync(CancellationToken cancel) =>
        ChangeAsync("seen", () => allocation.RecordChildSeenAsync(Seen.ToRequest(AllocationId), cancellationToken: cancel).ResponseAsync, "Visit recorded: the child was seen.", cancel);

    public Task<IActionResult> OnPostConferenceAsync(CancellationToken cancel) =>
        ChangeAsync("conference", () => allocation.RecordInitialConferenceAsync(Conference.ToRequest(AllocationId), cancellationToken: cancel).ResponseAsync, "Initial child protection conference recorded.", cancel);

    public Task<IActionResult> OnPostAssessmentAsync(CancellationToken cancel) =>
        ChangeAsync("assessment", () => allocation.CompleteAssessmentAsync(Assessment.ToRequest(AllocationId), cancellationToken: cancel).ResponseAsync, "Assessment completed.", cancel);

    public Task<IActionResult> OnPostStepDownAsync(CancellationToken cancel) =>
        ChangeAsync("stepdown", () => allocation.RequestStepDownAsync(StepDown.ToRequest(AllocationId), cancellationToken: cancel).ResponseAsync, "Stepped down: early help opens an episode for the family.", cancel);

    public Task<IActionResult> OnPostReallocateAsync(CancellationToken cancel) =>
        ChangeAsync("reallocate", () => allocation.ReallocateAsync(Reallocation.ToRequest(AllocationId), cancellationToken: cancel).ResponseAsync, "Case reallocated.", cancel);

    Task<IActionResult> ChangeAsync<T>(string form, Func<Task<T>> change, string notice, CancellationToken cancel) =>
        SubmitAsync(form, async () =>
        {
            await change();
            log.LogInformation("Case {AllocationId}: {Form} recorded", AllocationId, form);
            return notice;
        }, $"/cases/{AllocationId}", cancel);

    protected override async Task LoadAsync(CancellationToken cancel)
    {
        Case = (await allocation.GetAllocationAsync(new GetAllocationRequest { AllocationId = AllocationId }, cancellationToken: cancel)).Allocation;
        try
        {
            var contact = (await intake.GetContactAsync(new GetContactRequest { ContactId = Case.ContactId }, cancellationToken: cancel)).Contact;
            Child = contact.Children.FirstOrDefault(c => c.Child.ChildId == Case.ChildId)?.Child;
        }
        catch (RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.NotFound or Grpc.Core.StatusCode.PermissionDenied) { Child = null; }
        if (MayReallocate)
            Workers = (await allocation.ListCaseloadAsync(new ListCaseloadRequest { Locality = Case.Locality, PageSize = 1 }, cancellationToken: cancel)).Workers;
    }
}
