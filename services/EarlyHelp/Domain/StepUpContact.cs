using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Intake.V1;

namespace Mash.EarlyHelp.Domain;

/// <summary>
/// The contact early help makes to the MASH when it steps a family up. Early Help holds no names, so
/// the children (and the household) come from the contacts intake holds, read by the person
/// stepping up. Deterministic: the same episode and request give the same contact, byte for byte,
/// and the idempotency key is the episode's, so a retried step-up is a replay in intake, never a
/// second contact.
/// </summary>
public static class StepUpContact
{
    /// <param name="stepUps">Step-ups the episode made before (the MASH may hand a family back, and early help step up again).</param>
    public static string IdempotencyKey(string episodeId, int stepUps) => $"early-help-step-up-{episodeId}-{stepUps + 1}";

    /// <param name="contacts">The episode's contacts as intake holds them, by contact id (each child's and the episode's own).</param>
    /// <param name="leadProfessional">The current lead professional, who makes the referral; null while none is allocated.</param>
    /// <param name="stepUps">Step-ups the episode made before.</param>
    public static (SubmitContactRequest? Request, Refusal? Refusal) Build(Episode episode, IReadOnlyDictionary<string, Contact> contacts,
        RequestStepUpRequest request, LeadProfessionalEntry? leadProfessional, int stepUps)
    {
        var submit = new SubmitContactRequest
        {
            IdempotencyKey = IdempotencyKey(episode.EpisodeId, stepUps),
            Referrer = Referrer(episode, leadProfessional),
            Concerns = { request.Concerns },
            Narrative = $"Step-up from early help episode {episode.EpisodeId}: {request.Reason.Trim()}" +
                        (request.Narrative.Trim().Length > 0 ? $"\n\n{request.Narrative.Trim()}" : ""),
            ImmediateRisk = request.ImmediateRisk,
            StepUpEpisodeId = episode.EpisodeId,
        };

        // Children in the order their contacts listed them (the episode's own contact first), not the
        // order their routings happened to arrive in.
        var children = new List<(string Contact, int Position, Child Child)>();
        foreach (var member in episode.Children)
        {
            var listed = contacts.GetValueOrDefault(member.ContactId)?.Children;
            var position = listed?.ToList().FindIndex(c => c.Child.ChildId == member.ChildId) ?? -1;
            if (position < 0)
                return (null, Refusal.Precondition($"Intake no longer shows child {member.ChildId} in contact {member.ContactId}; step up by a new contact"));
            children.Add((member.ContactId == episode.ContactId ? "" : member.ContactId, position, listed![position].Child));
        }
        foreach (var (_, _, child) in children.OrderBy(c => c.Contact, StringComparer.Ordinal).ThenBy(c => c.Position))
        {
            var copy = child.Clone();
            copy.ChildId = "";
            submit.Children.Add(copy);
        }
        if (contacts.GetValueOrDefault(episode.ContactId) is { } own)
            submit.Household.AddRange(own.Household.Select(p => { var person = p.Clone(); person.PersonId = ""; return person; }));

        if (request.Consent is not null) submit.Consent = request.Consent;
        else if (EpisodeRules.HasConsent(episode))
        {
            var given = episode.Consents[^1];
            submit.Consent = new Consent { State = ConsentState.Given, GivenBy = given.GivenBy, DecidedAt = given.DecidedAt };
        }
        else
            return (null, Refusal.Invalid("consent", "is required: the family has not agreed to early help, so say whether they agree to this contact, or why consent was not sought"));
        return (submit, null);
    }

    /// <summary>The lead professional refers (census source 5D, early help); the early help service itself while there is none.</summary>
    static Referrer Referrer(Episode episode, LeadProfessionalEntry? lp) => lp is null
        ? new Referrer
        {
            AgencyName = $"Early help, {episode.LocalAuthority}",
            AgencyKind = AgencyKind.EarlyHelp,
            ReferralSource = ReferralSource.EarlyHelp,
            Name = "Early help service",
            Role = "early help",
        }
        : new Referrer
        {
            Agency = lp.Agency,
            AgencyName = lp.AgencyName,
            AgencyKind = lp.AgencyKind,
            ReferralSource = ReferralSource.EarlyHelp,
            Name = lp.Name,
            Role = $"early help lead professional ({lp.Role})",
        };
}
