using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;

namespace Mash.Console.Forms;

/// <summary>The family's agreement to early help, as a practitioner records it.</summary>
public sealed class ConsentForm
{
    public EarlyHelpConsentDecision Decision { get; set; }
    public string GivenBy { get; set; } = "";
    public string Note { get; set; } = "";

    public RecordConsentRequest ToRequest(string episodeId) => new() { EpisodeId = episodeId, Decision = Decision, GivenBy = GivenBy.Trim(), Note = Note.Trim() };
}

/// <summary>A manager's choice of lead professional, with the reason the service requires.</summary>
public sealed class AssignForm
{
    public string LeadProfessionalId { get; set; } = "";
    public string Reason { get; set; } = "";

    public AssignLeadProfessionalRequest ToRequest(string episodeId) => new() { EpisodeId = episodeId, LeadProfessionalId = LeadProfessionalId, Reason = Reason.Trim() };
}

/// <summary>The early help assessment: dates, needs found (three rows offered), the plan.</summary>
public sealed class AssessmentForm
{
    public DateInput AssessmentDate { get; set; } = new();
    public List<ConcernInput> Needs { get; set; } = [new(), new(), new()];
    public string Plan { get; set; } = "";
    public DateInput ReviewDate { get; set; } = new();
    public string CompletedByOrganisation { get; set; } = "";
    public string IdempotencyKey { get; set; } = Guid.NewGuid().ToString();

    public RecordAssessmentRequest ToRequest(string episodeId)
    {
        var request = new RecordAssessmentRequest
        {
            EpisodeId = episodeId,
            Needs = { ConcernInput.Filled(Needs) },
            Plan = Plan.Trim(),
            CompletedByOrganisation = CompletedByOrganisation.Trim(),
            IdempotencyKey = IdempotencyKey,
        };
        if (AssessmentDate.ToMessage() is { } assessed) request.AssessmentDate = assessed;
        if (ReviewDate.ToMessage() is { } review) request.ReviewDate = review;
        return request;
    }
}

/// <summary>Back to the MASH: why, what the worry is now, and the narrative for the new contact.</summary>
public sealed class StepUpForm
{
    public string Reason { get; set; } = "";
    public List<ConcernInput> Concerns { get; set; } = [new()];
    public bool ImmediateRisk { get; set; }
    public string Narrative { get; set; } = "";

    public RequestStepUpRequest ToRequest(string episodeId) => new()
    {
        EpisodeId = episodeId,
        Reason = Reason.Trim(),
        Concerns = { ConcernInput.Filled(Concerns) },
        ImmediateRisk = ImmediateRisk,
        Narrative = Narrative.Trim(),
    };
}

/// <summary>Closing an episode with its outcome.</summary>
public sealed class CloseForm
{
    public EpisodeOutcome Outcome { get; set; }
    public string Note { get; set; } = "";

    public CloseEpisodeRequest ToRequest(string episodeId) => new() { EpisodeId = episodeId, Outcome = Outcome, Note = Note.Trim() };
}
