using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;

namespace Mash.EarlyHelp.Domain;

/// <summary>What recording a consent decision does to an episode.</summary>
public sealed record ConsentEffect(bool Broker, EpisodeOutcome? CloseWith);

/// <summary>
/// Early help is voluntary. An episode waits for the family's agreement: given starts brokerage,
/// declined closes the episode (the screener's queue is told). Once given, consent can only be
/// withdrawn, which closes the episode too; it cannot be given twice or declined after the fact.
/// </summary>
public static class ConsentRules
{
    public static (ConsentEffect? Effect, Refusal? Refusal) Record(EpisodeStatus status, EarlyHelpConsentDecision decision)
    {
        if (decision is not (EarlyHelpConsentDecision.Given or EarlyHelpConsentDecision.Declined or EarlyHelpConsentDecision.Withdrawn))
            return (null, Refusal.Invalid("decision", "must be given, declined or withdrawn"));
        if (status == EpisodeStatus.Closed)
            return (null, Refusal.Precondition("The episode is closed: consent can no longer be recorded on it"));

        var awaiting = status == EpisodeStatus.AwaitingConsent;
        return decision switch
        {
            EarlyHelpConsentDecision.Given when awaiting => (new ConsentEffect(Broker: true, CloseWith: null), null),
            EarlyHelpConsentDecision.Given => (null, Refusal.Precondition("The family has already given consent")),
            EarlyHelpConsentDecision.Declined when awaiting => (new ConsentEffect(false, EpisodeOutcome.ConsentDeclined), null),
            EarlyHelpConsentDecision.Declined => (null, Refusal.Precondition("The family gave consent earlier: record WITHDRAWN to end early help")),
            _ when awaiting => (null, Refusal.Precondition("The family has not given consent, so there is none to withdraw: record DECLINED")),
            _ => (new ConsentEffect(false, EpisodeOutcome.ConsentWithdrawn), null),
        };
    }
}
