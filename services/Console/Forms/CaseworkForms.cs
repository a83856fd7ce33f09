using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;

namespace Mash.Console.Forms;

/// <summary>A strategy discussion: when, who took part (police, health and social care at least), the outcome.</summary>
public sealed class StrategyDiscussionForm
{
    public DateTimeInput HeldAt { get; set; } = new();
    public List<ParticipantInput> Participants { get; set; } =
        [new() { AgencyKind = AgencyKind.Police }, new() { AgencyKind = AgencyKind.Health }, new() { AgencyKind = AgencyKind.ChildrensSocialCare }, new()];
    public StrategyOutcome Outcome { get; set; }
    public DateInput InitialConferenceDate { get; set; } = new();
    public string Notes { get; set; } = "";
    public string IdempotencyKey { get; set; } = Guid.NewGuid().ToString();

    public RecordStrategyDiscussionRequest ToRequest(string allocationId)
    {
        var request = new RecordStrategyDiscussionRequest
        {
            AllocationId = allocationId,
            Participants = { Participants.Where(p => !p.IsBlank).Select(p => p.ToMessage()) },
            Outcome = Outcome,
            Notes = Notes.Trim(),
            IdempotencyKey = IdempotencyKey,
        };
        if (HeldAt.ToMessage() is { } held) request.HeldAt = held;
        if (InitialConferenceDate.ToMessage() is { } conference) request.InitialConferenceDate = conference;
        return request;
    }
}

public sealed class ParticipantInput
{
    public AgencyKind AgencyKind { get; set; }
    public string Agency { get; set; } = "";
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";

    /// <summary>A row with only its suggested agency kind and nothing typed is not a participant.</summary>
    public bool IsBlank => (Agency + Name + Role).Trim().Length == 0;

    public Participant ToMessage() => new() { AgencyKind = AgencyKind, Agency = Agency.Trim(), Name = Name.Trim(), Role = Role.Trim() };
}

public sealed class ChildSeenForm
{
    public DateTimeInput SeenAt { get; set; } = new();
    public bool SeenAlone { get; set; }
    public string Notes { get; set; } = "";
    public string IdempotencyKey { get; set; } = Guid.NewGuid().ToString();

    public RecordChildSeenRequest ToRequest(string allocationId)
    {
        var request = new RecordChildSeenRequest { AllocationId = allocationId, SeenAlone = SeenAlone, Notes = Notes.Trim(), IdempotencyKey = IdempotencyKey };
        if (SeenAt.ToMessage() is { } seen) request.SeenAt = seen;
        return request;
    }
}

public sealed class ConferenceForm
{
    public DateTimeInput HeldAt { get; set; } = new();
    public ConferenceOutcome Outcome { get; set; }
    public string Notes { get; set; } = "";
    public string IdempotencyKey { get; set; } = Guid.NewGuid().ToString();

    public RecordInitialConferenceRequest ToRequest(string allocationId)
    {
        var request = new RecordInitialConferenceRequest { AllocationId = allocationId, Outcome = Outcome, Notes = Notes.Trim(), IdempotencyKey = IdempotencyKey };
        if (HeldAt.ToMessage() is { } held) request.HeldAt = held;
        return request;
    }
}

/// <summary>The end of the social care assessment: its outcome, primary need and the census factors found.</summary>
public sealed class CaseAssessmentForm
{
    public AssessmentOutcome Outcome { get; set; }
    public PrimaryNeed PrimaryNeed { get; set; }
    public List<ConcernInput> Factors { get; set; } = [new(), new(), new()];
    public bool NoFactorsIdentified { get; set; }
    public string Summary { get; set; } = "";
    public string StepDownReason { get; set; } = "";

    public CompleteAssessmentRequest ToRequest(string allocationId) => new()
    {
        AllocationId = allocationId,
        Outcome = Outcome,
        PrimaryNeed = PrimaryNeed,
        Factors = { ConcernInput.Filled(Factors).Select(c => new ConcernFact { Category = c.Category, Subject = c.Subject }) },
        NoFactorsIdentified = NoFactorsIdentified,
        Summary = Summary.Trim(),
        StepDownReason = Outcome == AssessmentOutcome.StepDownToEarlyHelp ? StepDownReason.Trim() : "",
    };
}

public sealed class StepDownForm
{
    public string Reason { get; set; } = "";
    public List<ConcernInput> Needs { get; set; } = [new(), new()];

    public RequestStepDownRequest ToRequest(string allocationId) => new() { AllocationId = allocationId, Reason = Reason.Trim(), Needs = { ConcernInput.Filled(Needs) } };
}

/// <summary>A manager moves a case to another worker, with a reason; going over the worker's cap is their explicit call.</summary>
public sealed class ReallocateForm
{
    public string WorkerId { get; set; } = "";
    public string Reason { get; set; } = "";
    public bool OverrideCap { get; set; }

    public ReallocateRequest ToRequest(string allocationId) => new() { AllocationId = allocationId, WorkerId = WorkerId, Reason = Reason.Trim(), OverrideCap = OverrideCap };
}
