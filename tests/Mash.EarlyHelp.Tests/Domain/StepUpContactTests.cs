using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Intake.V1;
using Mash.EarlyHelp.Domain;
using Mash.Testing;
using Xunit;

namespace Mash.EarlyHelp.Tests.Domain;

/// <summary>The step-up contact is built from intake's record of the family, the same every time.</summary>
public sealed class StepUpContactTests
{
    static (Episode Episode, Dictionary<string, Contact> Contacts) Family()
    {
        var submitted = SampleContacts.DomesticAbuseSiblings();
        var contact = new Contact { ContactId = Guid.NewGuid().ToString(), Household = { submitted.Household } };
        contact.Household[0].PersonId = "person-1";
        foreach (var child in submitted.Children)
        {
            var stored = child.Clone();
            stored.ChildId = Guid.NewGuid().ToString();
            contact.Children.Add(new ContactChild { Child = stored });
        }
        // Only the younger child was routed to early help.
        var episode = new Episode
        {
            EpisodeId = Guid.NewGuid().ToString(),
            LocalAuthority = "walsall",
            ContactId = contact.ContactId,
            Status = EpisodeStatus.Active,
            Children = { new EpisodeChild { ChildId = contact.Children[1].Child.ChildId, ContactId = contact.ContactId } },
            Consents = { new ConsentRecord { Decision = EarlyHelpConsentDecision.Given, GivenBy = "mother", DecidedAt = Timestamp.FromDateTime(new DateTime(2026, 1, 5, 10, 0, 0, DateTimeKind.Utc)) } },
        };
        return (episode, new Dictionary<string, Contact> { [contact.ContactId] = contact });
    }

    static RequestStepUpRequest Request(string episodeId) => new()
    {
        EpisodeId = episodeId,
        Reason = "Neglect has worsened despite the plan.",
        Concerns = { new Concern { Category = ConcernCategory.Neglect, Subject = ConcernSubject.Child } },
        Narrative = "Home visits found no food on three occasions.",
    };

    [Fact]
    public void The_contact_holds_the_episodes_children_without_ids_the_lead_professional_as_referrer_and_the_familys_consent()
    {
        var (episode, contacts) = Family();
        var lead = Fixtures.Person("lead", "walsall-east", 0, 18);
        var (submit, refusal) = StepUpContact.Build(episode, contacts, Request(episode.EpisodeId), lead, stepUps: 0);

        Assert.Null(refusal);
        var child = Assert.Single(submit!.Children);
        Assert.Equal(("Testsibling", ""), (child.GivenNames, child.ChildId));
        Assert.Equal(("", "Parent"), (submit.Household[0].PersonId, submit.Household[0].GivenNames));
        Assert.Equal((ReferralSource.EarlyHelp, "lead-agency", "lead (fictional)"), (submit.Referrer.ReferralSource, submit.Referrer.Agency, submit.Referrer.Name));
        Assert.Equal((ConsentState.Given, "mother"), (submit.Consent.State, submit.Consent.GivenBy));
        Assert.Equal((episode.EpisodeId, $"early-help-step-up-{episode.EpisodeId}-1"), (submit.StepUpEpisodeId, submit.IdempotencyKey));
        Assert.StartsWith($"Step-up from early help episode {episode.EpisodeId}: Neglect has worsened", submit.Narrative);

        // Deterministic: a retry builds the very same bytes; a second step-up later has its own key.
        Assert.Equal(submit.ToByteArray(), StepUpContact.Build(episode, contacts, Request(episode.EpisodeId), lead, 0).Request!.ToByteArray());
        Assert.EndsWith("-2", StepUpContact.Build(episode, contacts, Request(episode.EpisodeId), lead, 1).Request!.IdempotencyKey);
    }

    [Fact]
    public void Siblings_are_listed_as_their_contact_listed_them_whatever_order_they_joined_the_episode()
    {
        var (episode, contacts) = Family();
        var contact = contacts[episode.ContactId];
        // The younger child's routing arrived first; the elder joined after.
        episode.Children.Add(new EpisodeChild { ChildId = contact.Children[0].Child.ChildId, ContactId = contact.ContactId });

        var (submit, refusal) = StepUpContact.Build(episode, contacts, Request(episode.EpisodeId), Fixtures.Person("lead", "walsall-east", 0, 18), stepUps: 0);

        Assert.Null(refusal);
        Assert.Equal(contact.Children.Select(c => c.Child.GivenNames), submit!.Children.Select(c => c.GivenNames));
        Assert.NotEqual(contact.Children[0].Child.GivenNames, contact.Children[1].Child.GivenNames);
    }

    [Fact]
    public void Without_the_familys_agreement_the_caller_must_say_what_consent_there_is()
    {
        var (episode, contacts) = Family();
        episode.Consents.Clear();
        var (_, refusal) = StepUpContact.Build(episode, contacts, Request(episode.EpisodeId), null, 0);
        Assert.Equal(["consent"], refusal!.Violations.Select(v => v.Field));

        var request = Request(episode.EpisodeId);
        request.Consent = new Consent { State = ConsentState.NotSought, Reason = "Asking would alert the adult of concern.", DecidedBy = "Early help manager" };
        var (submit, _) = StepUpContact.Build(episode, contacts, request, null, 0);
        Assert.Equal((ConsentState.NotSought, "Early help service", ""), (submit!.Consent.State, submit.Referrer.Name, submit.Referrer.Agency));
    }
}
