using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;

namespace Mash.EarlyHelp.Domain;

/// <summary>Which changes an episode allows in which status (the state machine besides consent).</summary>
public static class EpisodeRules
{
    public static bool IsOpen(EpisodeStatus status) => status != EpisodeStatus.Closed;

    /// <summary>Consent is in force: given and not withdrawn (withdrawal closes the episode).</summary>
    public static bool HasConsent(Episode episode) =>
        episode.Consents.Count > 0 && episode.Consents[^1].Decision == EarlyHelpConsentDecision.Given;

    /// <summary>
    /// A manager's choice of lead professional: only once the family has agreed, within the episode's
    /// authority (another locality is allowed: a school across the boundary may know the family best),
    /// to someone other than the current one, with a free place.
    /// </summary>
    public static Refusal? Assign(Episode episode, LeadProfessionalEntry? chosen, int chosenLoad)
    {
        if (chosen is null || chosen.LocalAuthority != episode.LocalAuthority)
            return Refusal.Invalid("lead_professional_id", $"is not a lead professional of {episode.LocalAuthority}'s early help directory");
        if (episode.Status == EpisodeStatus.Closed) return Refusal.Precondition("The episode is closed");
        if (!HasConsent(episode)) return Refusal.Precondition("The family has not given consent: no lead professional is allocated before it");
        if (episode.LeadProfessional?.LeadProfessional?.LeadProfessionalId == chosen.Id)
            return Refusal.Precondition($"{chosen.Id} is already the lead professional of this episode");
        if (chosenLoad >= chosen.Capacity)
            return Refusal.Precondition($"{chosen.Id} already holds {chosenLoad} of {chosen.Capacity} episodes; free a place or choose someone else");
        return null;
    }

    /// <summary>An early help assessment is made with a family that has agreed, while the episode is open.</summary>
    public static Refusal? RecordAssessment(Episode episode) =>
        episode.Status == EpisodeStatus.Closed ? Refusal.Precondition("The episode is closed")
        : !HasConsent(episode) ? Refusal.Precondition("The family has not given consent: an early help assessment needs it")
        : null;

    public static Refusal? StepUp(Episode episode) => episode.Status switch
    {
        EpisodeStatus.Closed => Refusal.Precondition("The episode is closed: a worried practitioner makes a new contact to the MASH"),
        EpisodeStatus.StepUpRequested => Refusal.Precondition("A step-up is already with the MASH"),
        _ => null,
    };

    /// <summary>
    /// Closing by hand. Consent outcomes are recorded with RecordConsent (who decided and when);
    /// stepped up only once a step-up contact exists; "other" says what happened.
    /// </summary>
    public static Refusal? Close(Episode episode, EpisodeOutcome outcome, string note)
    {
        var violations = new List<(string, string)>();
        if (outcome is EpisodeOutcome.Unspecified || !Enum.IsDefined(outcome))
            violations.Add(("outcome", "is required: needs met, stepped up, moved away, disengaged, universal services or other"));
        else if (outcome is EpisodeOutcome.ConsentDeclined or EpisodeOutcome.ConsentWithdrawn)
            violations.Add(("outcome", "a consent decision is recorded with RecordConsent (who decided and when), which closes the episode"));
        if (outcome == EpisodeOutcome.Other && note.Trim().Length == 0)
            violations.Add(("note", "is required when the outcome is other: say what happened"));
        if (note.Length > RequestRules.NoteLength) violations.Add(("note", $"at most {RequestRules.NoteLength} characters"));
        if (violations.Count > 0) return Refusal.Invalid(violations);
        if (episode.Status == EpisodeStatus.Closed) return Refusal.Precondition("The episode is already closed");
        if (outcome == EpisodeOutcome.SteppedUp && episode.StepUpContactId.Length == 0)
            return Refusal.Precondition("The episode has not been stepped up: use RequestStepUp, which makes the contact to the MASH");
        return null;
    }

    /// <summary>Where an open episode stands by what has happened: used when the MASH hands a step-up back to early help.</summary>
    public static EpisodeStatus WorkingStatus(Episode episode) =>
        episode.LeadProfessional is not null ? EpisodeStatus.Active
        : HasConsent(episode) ? EpisodeStatus.AwaitingLeadProfessional
        : EpisodeStatus.AwaitingConsent;

    /// <summary>What the MASH decided on a step-up contact means for the episode: social care takes over, or early help goes on.</summary>
    public static bool StepUpAccepted(Pathway pathway) => pathway is Pathway.ChildInNeed or Pathway.ChildProtection;
}
