using Grpc.Core;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Intake.V1;
using Mash.Testing;
using Xunit;
using static Mash.EarlyHelp.Tests.Service.Events;
using static Mash.EarlyHelp.Tests.Service.TestDirectory;

namespace Mash.EarlyHelp.Tests.Service;

/// <summary>
/// Early help and a real intake: a step-up becomes a new contact in intake, made as the person who
/// stepped up, linked to the episode; the MASH's decision on it settles the episode; and a family
/// declining early help shows on the screener's queue in intake.
/// </summary>
public sealed class StepUpTests(EarlyHelpHost host) : IClassFixture<EarlyHelpHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A contact submitted to intake whose children the MASH then routed to early help; the family's episode.</summary>
    async Task<(SubmitContactResponse Contact, Episode Episode)> RoutedFromIntakeAsync()
    {
        // A family of its own: intake matches children by the letters of the family name, birth date and postcode.
        var request = SampleContacts.DomesticAbuseSiblings();
        var family = "Stepup" + new string(Guid.NewGuid().ToString("N")[..12].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray());
        foreach (var child in request.Children) child.FamilyName = family;
        var contact = await host.IntakeAs(Role.Screener).SubmitContactAsync(request, cancellationToken: Cancel);
        var ids = contact.Children.Select(c => c.ChildId).ToList();
        foreach (var child in contact.Children)
            await host.PublishAsync(Routed(contact.ContactId, child.ChildId, "walsall-east", child.ChildIndex == 0 ? 7 : 4,
                child.ChildIndex == 0 ? SettingKind.PrimarySchool : SettingKind.EarlyYears, postcode: "WS1 1TP", siblings: ids.Where(id => id != child.ChildId)));
        var episode = await host.EpisodeOfAsync(ids[0], e => e.Children.Count == ids.Count, "the family's episode");
        return (contact, episode);
    }

    static RequestStepUpRequest StepUp(Episode episode) => new()
    {
        EpisodeId = episode.EpisodeId,
        Reason = "Neglect has worsened despite the plan.",
        Concerns = { new Concern { Category = ConcernCategory.Neglect, Subject = ConcernSubject.Child, Detail = "No food in the home at three visits.", ChildIndexes = { 1 } } },
        Narrative = "Fictional narrative: the plan has not been followed since the last review.",
    };

    async Task<Contact> IntakeContactAsync(string contactId) =>
        (await host.IntakeAs(Role.Screener).GetContactAsync(new GetContactRequest { ContactId = contactId }, cancellationToken: Cancel)).Contact;

    [Fact]
    public async Task A_step_up_makes_one_contact_in_intake_linked_to_the_episode_and_the_MASH_decision_settles_it()
    {
        var (received, requested, closed) = (await host.CaptureAsync<ContactReceived>(), await host.CaptureAsync<StepUpRequested>(), await host.CaptureAsync<EpisodeClosed>());
        var (original, episode) = await RoutedFromIntakeAsync();
        await host.Client.RecordConsentAsync(new RecordConsentRequest { EpisodeId = episode.EpisodeId, Decision = EarlyHelpConsentDecision.Given, GivenBy = "mother" }, cancellationToken: Cancel);

        var response = await host.Client.RequestStepUpAsync(StepUp(episode), cancellationToken: Cancel);
        Assert.Equal((EpisodeStatus.StepUpRequested, response.ContactId), (response.Episode.Status, response.Episode.StepUpContactId));

        var contact = await IntakeContactAsync(response.ContactId);
        Assert.Equal((episode.EpisodeId, ReferralSource.EarlyHelp, "t-east-family-hub", "East Hub Worker (fictional)"),
            (contact.StepUpEpisodeId, contact.Referrer.ReferralSource, contact.Referrer.Agency, contact.Referrer.Name));
        // The same children (intake matched them to their records) and household, the family's consent, the new concern.
        Assert.Equal(original.Children.Select(c => c.ChildId), contact.Children.Select(c => c.Child.ChildId));
        Assert.Equal(("Parent", ConsentState.Given, "mother"), (contact.Household.Single().GivenNames, contact.Consent.State, contact.Consent.GivenBy));
        Assert.Equal(ConcernCategory.Neglect, contact.Concerns.Single().Category);
        Assert.StartsWith($"Step-up from early help episode {episode.EpisodeId}: Neglect has worsened", contact.Narrative);

        var announced = (await host.CollectAsync<ContactReceived>(received, r => r.Header.ContactId == response.ContactId, 1, "ContactReceived of the step-up")).Single();
        Assert.Equal((episode.EpisodeId, ReferralSource.EarlyHelp, "screener-walsall"), (announced.StepUpEpisodeId, announced.Facts.ReferralSource, announced.Header.Actor.Subject));
        var stepUp = (await host.CollectAsync<StepUpRequested>(requested, r => r.EpisodeId == episode.EpisodeId, 1, "StepUpRequested")).Single();
        Assert.Equal((response.ContactId, original.ContactId, "Neglect has worsened despite the plan.", Role.Screener),
            (stepUp.NewContactId, stepUp.Header.ContactId, stepUp.Reason, stepUp.Header.Actor.Role));

        // A retry (a lost answer, a double click) makes no second contact.
        var retried = await host.Client.RequestStepUpAsync(StepUp(episode), cancellationToken: Cancel);
        Assert.Equal(response.ContactId, retried.ContactId);
        Assert.Equal(1, await Sql.CountAsync(host.IntakeDatabase, "SELECT count(*) FROM contacts WHERE idempotency_key LIKE $1", $"early-help-step-up-{episode.EpisodeId}%"));

        // The MASH sends the younger child to a social work assessment: social care takes over.
        await host.PublishAsync(WithStepUp(Routed(response.ContactId, contact.Children[1].Child.ChildId, "walsall-east", 4, SettingKind.EarlyYears, pathway: Pathway.ChildInNeed), episode.EpisodeId));
        var closure = (await host.CollectAsync<EpisodeClosed>(closed, c => c.EpisodeId == episode.EpisodeId, 1, "EpisodeClosed")).Single();
        Assert.Equal((EpisodeOutcome.SteppedUp, response.ContactId, Role.System), (closure.Outcome, closure.StepUpContactId, closure.Header.Actor.Role));
        Assert.Equal((EpisodeStatus.Closed, EpisodeOutcome.SteppedUp), ((await host.ReadAsync(episode.EpisodeId)).Status, (await host.ReadAsync(episode.EpisodeId)).Outcome));
    }

    [Fact]
    public async Task A_step_up_before_consent_says_what_consent_there_is_and_the_MASH_can_hand_the_family_back()
    {
        var (original, episode) = await RoutedFromIntakeAsync();
        var manager = host.ClientAs(Role.Manager, subject: "manager-eh");

        var noConsent = await Reads.RefusedAsync(() => manager.RequestStepUpAsync(StepUp(episode), cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument);
        Assert.Equal(["consent"], noConsent.Fields());
        var empty = await Reads.RefusedAsync(() => manager.RequestStepUpAsync(new RequestStepUpRequest
        {
            EpisodeId = episode.EpisodeId,
            Concerns = { new Concern { ChildIndexes = { 2 } } },
        }, cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument);
        Assert.Equal(["reason", "concerns[0].category", "concerns[0].child_indexes"], empty.Fields());
        await Reads.RefusedAsync(() => host.ClientAs(Role.Auditor).RequestStepUpAsync(StepUp(episode), cancellationToken: Cancel).ResponseAsync, StatusCode.PermissionDenied);

        var request = StepUp(episode);
        request.Consent = new Consent { State = ConsentState.NotSought, Reason = "Asking would alert the adult of concern to the referral.", DecidedBy = "Early help manager (fictional)" };
        var first = await manager.RequestStepUpAsync(request, cancellationToken: Cancel);
        var contact = await IntakeContactAsync(first.ContactId);
        Assert.Equal(("Early help service", "", ConsentState.NotSought), (contact.Referrer.Name, contact.Referrer.Agency, contact.Consent.State));

        // The MASH routes the step-up contact back to early help: the family stays in its episode.
        await host.PublishAsync(WithStepUp(Routed(first.ContactId, contact.Children[0].Child.ChildId, "walsall-east", 7, SettingKind.PrimarySchool), episode.EpisodeId));
        var back = await host.EpisodeOfAsync(original.Children[0].ChildId, e => e.Status != EpisodeStatus.StepUpRequested, "the family handed back");
        Assert.Equal((episode.EpisodeId, EpisodeStatus.AwaitingConsent, 2), (back.EpisodeId, back.Status, back.Children.Count));
        Assert.Equal([first.ContactId], back.LinkedContactIds);

        // Stepping up again later is a new contact of its own.
        var second = await manager.RequestStepUpAsync(request, cancellationToken: Cancel);
        Assert.NotEqual(first.ContactId, second.ContactId);
        Assert.Equal(2, await Sql.CountAsync(host.IntakeDatabase, "SELECT count(*) FROM contacts WHERE idempotency_key LIKE $1", $"early-help-step-up-{episode.EpisodeId}%"));
    }

    [Fact]
    public async Task A_family_declining_early_help_shows_on_the_screeners_queue_in_intake()
    {
        var (original, episode) = await RoutedFromIntakeAsync();
        var childId = original.Children[0].ChildId;
        await Eventually.Until(() => IntakeContactAsync(original.ContactId), c => c.Children.All(x => x.Status == ChildStatus.Routed), "intake to see the routing");

        await host.Client.RecordConsentAsync(new RecordConsentRequest { EpisodeId = episode.EpisodeId, Decision = EarlyHelpConsentDecision.Declined, GivenBy = "mother" }, cancellationToken: Cancel);

        var child = (await Eventually.Until(() => IntakeContactAsync(original.ContactId), c => c.Children[0].Status == ChildStatus.Closed, "the decline to reach intake")).Children[0];
        Assert.Equal((EpisodeOutcome.ConsentDeclined, Pathway.EarlyHelp), (child.EarlyHelpOutcome, child.Pathway));
        var queue = await host.IntakeAs(Role.Screener).ListContactsAsync(new ListContactsRequest { Statuses = { ChildStatus.Closed } }, cancellationToken: Cancel);
        Assert.Equal(EpisodeOutcome.ConsentDeclined, queue.Items.Single(i => i.ChildId == childId && i.ContactId == original.ContactId).EarlyHelpOutcome);
    }

    [Fact]
    public async Task A_contact_claiming_an_episode_is_refused_unless_early_help_is_making_it()
    {
        var (original, episode) = await RoutedFromIntakeAsync();
        var manager = host.IntakeAs(Role.Manager);
        SubmitContactRequest Claiming(string episodeId)
        {
            var contact = SampleContacts.DomesticAbuseSiblings();
            contact.StepUpEpisodeId = episodeId;
            contact.Referrer = new Referrer { AgencyName = "Early help, walsall", AgencyKind = AgencyKind.EarlyHelp, ReferralSource = ReferralSource.EarlyHelp, Name = "Early help service" };
            return contact;
        }

        // An episode id nobody made, a real episode no step-up is under way for, and a real one seen
        // from another authority: refused, for a manager and a screener alike; nothing stored.
        var invented = Claiming(Guid.NewGuid().ToString());
        var idle = Claiming(episode.EpisodeId);
        await Reads.RefusedAsync(() => manager.SubmitContactAsync(invented, cancellationToken: Cancel).ResponseAsync, StatusCode.FailedPrecondition);
        await Reads.RefusedAsync(() => manager.SubmitContactAsync(idle, cancellationToken: Cancel).ResponseAsync, StatusCode.FailedPrecondition);
        await Reads.RefusedAsync(() => host.IntakeAs(Role.Screener).SubmitContactAsync(idle, cancellationToken: Cancel).ResponseAsync, StatusCode.FailedPrecondition);
        await Reads.RefusedAsync(() => host.IntakeAs(Role.Manager, authority: "wolverhampton").SubmitContactAsync(idle, cancellationToken: Cancel).ResponseAsync, StatusCode.FailedPrecondition);
        Assert.Equal(0, await Sql.CountAsync(host.IntakeDatabase, "SELECT count(*) FROM contacts WHERE idempotency_key = ANY($1)", (object)new[] { invented.IdempotencyKey, idle.IdempotencyKey }));

        // The real step-up goes through; the same episode cannot then carry another contact.
        await host.Client.RecordConsentAsync(new RecordConsentRequest { EpisodeId = episode.EpisodeId, Decision = EarlyHelpConsentDecision.Given, GivenBy = "mother" }, cancellationToken: Cancel);
        var stepped = await host.ClientAs(Role.Manager).RequestStepUpAsync(StepUp(episode), cancellationToken: Cancel);
        Assert.Equal(episode.EpisodeId, (await IntakeContactAsync(stepped.ContactId)).StepUpEpisodeId);
        Assert.Equal("", (await host.ClientAs(Role.Manager).GetEpisodeAsync(new GetEpisodeRequest { EpisodeId = episode.EpisodeId }, cancellationToken: Cancel)).Episode.PendingStepUpSha256);
        var another = Claiming(episode.EpisodeId);
        await Reads.RefusedAsync(() => manager.SubmitContactAsync(another, cancellationToken: Cancel).ResponseAsync, StatusCode.FailedPrecondition);
        Assert.Equal(original.Children.Select(c => c.ChildId), (await IntakeContactAsync(stepped.ContactId)).Children.Select(c => c.Child.ChildId));
    }

    static ChildRouted WithStepUp(ChildRouted routed, string episodeId)
    {
        routed.StepUpEpisodeId = episodeId;
        return routed;
    }
}
