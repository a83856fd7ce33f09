using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Testing;
using Xunit;
using static Mash.Thresholds.Tests.Service.Contacts;

namespace Mash.Thresholds.Tests.Service;

/// <summary>
/// The rules run when intake's events arrive: each child of a contact is triaged and announced,
/// auto_route rules route at once, agency checks and added information re-run the pinned rules.
/// The test plays intake by publishing its events.
/// </summary>
public sealed class TriageTests(ThresholdsHost host) : IClassFixture<ThresholdsHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    Task<GetRecommendationResponse> ReadAsync(string contactId, string childId) =>
        host.Client.GetRecommendationAsync(new GetRecommendationRequest { ContactId = contactId, ChildId = childId }, cancellationToken: Cancel).ResponseAsync;

    [Fact]
    public async Task A_contact_is_triaged_per_child_and_each_child_announced_with_its_recommendation()
    {
        var (triaged, alone) = (await host.CaptureAsync<ContactTriaged>(), await host.CaptureAsync<ChildTriaged>());
        var contact = Received(Child("WS1 1TP", ConcernCategory.DomesticAbuse), Child("WS3 2AB", ConcernCategory.SexualAbuseAdultOnChild));

        await host.PublishAsync(contact);

        // One message for the contact, each child's ChildTriaged in it in the contact's order; none alone.
        var message = (await host.CollectAsync<ContactTriaged>(triaged, m => m.Header.ContactId == contact.Header.ContactId, 1, "ContactTriaged")).Single();
        Assert.Equal(contact.Facts.Children.Select(c => c.ChildId), message.Children.Select(c => c.Header.ChildId));
        Assert.Equal(("", contact.Header.EventId, Role.System), (message.Header.ChildId, message.Header.CausationId, message.Header.Actor.Role));
        Assert.Equal(3, message.Children.Select(c => c.Header.EventId).Append(message.Header.EventId).Distinct().Count());
        Assert.DoesNotContain(await host.DrainAsync<ChildTriaged>(alone), m => m.Header.ContactId == contact.Header.ContactId);
        var events = message.Children.ToList();
        var first = Assert.Single(events, e => e.Header.ChildId == contact.Facts.Children[0].ChildId);
        var second = Assert.Single(events, e => e.Header.ChildId == contact.Facts.Children[1].ChildId);
        Assert.Equal((Pathway.EarlyHelp, Rag.Amber, LevelOfNeed.EarlyHelp, "T-010"),
            (first.Recommendation.Pathway, first.Recommendation.Rag, first.Recommendation.Level, first.Recommendation.WinningRuleId));
        Assert.Equal((Pathway.ChildProtection, Rag.Red, "T-001"), (second.Recommendation.Pathway, second.Recommendation.Rag, second.Recommendation.WinningRuleId));
        Assert.Equal(("walsall-south", "walsall-north"), (first.Locality, second.Locality));
        foreach (var e in events)
        {
            Assert.Equal((1, TriageTrigger.ContactReceived, ""), (e.Evaluation, e.Trigger, e.PreviousRecommendationId));
            Assert.Equal((Role.System, "thresholds"), (e.Header.Actor.Role, e.Header.Actor.Subject));
            Assert.Equal((contact.Header.ContactId, contact.Header.EventId, "walsall"), (e.Header.CorrelationId, e.Header.CausationId, e.Header.LocalAuthority));
            Assert.Equal((Fixtures.RuleSetId, 1), (e.Recommendation.RuleSet.RuleSetId, e.Recommendation.RuleSet.Version));
            Assert.Equal(64, e.Recommendation.RuleSet.ContentHash.Length);
            Assert.NotEmpty(e.Recommendation.RecommendationId);
            Assert.NotNull(e.Recommendation.DecisionDeadline);
        }

        var stored = await ReadAsync(contact.Header.ContactId, contact.Facts.Children[0].ChildId);
        Assert.Equal(first.Recommendation, stored.Current);
        Assert.Equal((ChildStatus.Triaged, "walsall", "walsall-south"), (stored.Status, stored.LocalAuthority, stored.Locality));
    }

    [Fact]
    public async Task A_child_outside_every_authority_is_recommended_a_transfer_under_the_hubs_rules()
    {
        var triaged = await host.CaptureTriagesAsync();
        var contact = Received(Child("LS1 4AP", ConcernCategory.SexualAbuseAdultOnChild));

        await host.PublishAsync(contact);

        var e = (await host.CollectTriagesAsync(triaged, m => m.Header.ContactId == contact.Header.ContactId, 1, "ChildTriaged")).Single();
        Assert.Equal((Pathway.NoFurtherAction, NfaReason.TransferToOtherLocalAuthority, Rag.Red), (e.Recommendation.Pathway, e.Recommendation.NfaReason, e.Recommendation.Rag));
        Assert.Equal(("walsall", ""), (e.Header.LocalAuthority, e.Locality));
    }

    [Fact]
    public async Task An_auto_route_rule_decides_and_routes_as_the_system()
    {
        var (triaged, recorded, routed) = (await host.CaptureTriagesAsync(), await host.CaptureAsync<DecisionRecorded>(), await host.CaptureAsync<ChildRouted>());
        var child = Child("WS2 8QT");
        child.AlreadyOpen = true;
        child.OpenPathway = Pathway.ChildInNeed;
        var contact = Received(child, Child("WS2 8QT"));
        contact.Facts.InformationOnly = true;

        await host.PublishAsync(contact);

        var route = (await host.CollectAsync<ChildRouted>(routed, m => m.Header.ContactId == contact.Header.ContactId, 1, "ChildRouted")).Single();
        // The decision travels inside its routing, and is not published alone as well.
        var decision = route.Decision;
        Assert.Equal((child.ChildId, true, Role.System, DecisionStage.Final), (decision.Header.ChildId, decision.AutoRoute, decision.Header.Actor.Role, decision.Stage));
        Assert.Equal((Pathway.NoFurtherAction, NfaReason.AlreadyOpenToService), (decision.Pathway, decision.NfaReason));
        Assert.Equal((child.ChildId, decision.DecisionId, true, Role.System), (route.Header.ChildId, route.DecisionId, route.AutoRoute, route.Header.Actor.Role));
        Assert.Equal((Pathway.NoFurtherAction, NfaReason.AlreadyOpenToService, "WS2 8QT", "WS2", "walsall-south"),
            (route.Pathway, route.NfaReason, route.Postcode, route.PostcodeDistrict, route.Locality));
        Assert.Equal((contact.Header.ContactId, contact.Facts.Children[1].ChildId), (route.SiblingGroupId, Assert.Single(route.SiblingChildIds)));
        Assert.Equal((true, Pathway.ChildInNeed, ReferralSource.Police), (route.AlreadyOpen, route.OpenPathway, route.ReferralSource));
        Assert.Equal(child.DateOfBirth, route.DateOfBirth);
        Assert.NotEmpty(route.ReferrerFeedback);

        // The sibling, not open anywhere, waits for a person.
        var sibling = await Eventually.Until(() => ReadAsync(contact.Header.ContactId, contact.Facts.Children[1].ChildId), r => r.Current is not null, "the sibling's triage");
        Assert.Equal((ChildStatus.Triaged, 0), (sibling.Status, sibling.Decisions.Count));
        Assert.Equal(ChildStatus.Routed, (await ReadAsync(contact.Header.ContactId, child.ChildId)).Status);
        await host.CollectTriagesAsync(triaged, m => m.Header.ContactId == contact.Header.ContactId, 2, "ChildTriaged of both");
        // Published with the routing in one outbox batch, a lone copy would be there by now.
        Assert.DoesNotContain(await host.DrainAsync<DecisionRecorded>(recorded), m => m.Header.ContactId == contact.Header.ContactId);
    }

    [Fact]
    public async Task An_agency_check_raises_the_recommendation_with_the_pinned_rules()
    {
        var triaged = await host.CaptureTriagesAsync();
        var contact = Received(Child("WS1 1TP", ConcernCategory.DomesticAbuse));
        var childId = contact.Facts.Children[0].ChildId;
        await host.PublishAsync(contact);
        var first = (await host.CollectTriagesAsync(triaged, m => m.Header.ContactId == contact.Header.ContactId, 1, "first ChildTriaged")).Single();

        var check = CheckCompleted(contact, [childId], ConcernCategory.Neglect, ConcernCategory.DomesticAbuse);
        await host.PublishAsync(check);

        var second = (await host.CollectTriagesAsync(triaged, m => m.Header.ContactId == contact.Header.ContactId, 1, "re-run ChildTriaged")).Single();
        Assert.Equal((2, TriageTrigger.AgencyCheckCompleted, check.CheckId, first.Recommendation.RecommendationId),
            (second.Evaluation, second.Trigger, second.TriggerId, second.PreviousRecommendationId));
        Assert.Equal((Pathway.ChildInNeed, LevelOfNeed.Complex, "T-020"), (second.Recommendation.Pathway, second.Recommendation.Level, second.Recommendation.WinningRuleId));
        Assert.Equal(check.Header.EventId, second.Header.CausationId);

        var read = await ReadAsync(contact.Header.ContactId, childId);
        Assert.Equal(second.Recommendation, read.Current);
        Assert.Equal([TriageTrigger.ContactReceived, TriageTrigger.AgencyCheckCompleted], read.History.Select(h => h.Trigger));
        // Replaying the stored facts gives the raised recommendation: the indicators joined the child's concerns (once each).
        var replay = await host.Client.EvaluateContactAsync(new EvaluateContactRequest { ContactId = contact.Header.ContactId }, cancellationToken: Cancel);
        Assert.Equal("T-020", replay.Children[0].Recommendation.WinningRuleId);
    }

    [Fact]
    public async Task Added_information_re_runs_the_rules_keeping_what_the_checks_added()
    {
        var triaged = await host.CaptureTriagesAsync();
        var contact = Received(Child("WS1 1TP"));
        var childId = contact.Facts.Children[0].ChildId;
        await host.PublishAsync(contact);
        await host.CollectTriagesAsync(triaged, m => m.Header.ContactId == contact.Header.ContactId, 1, "first ChildTriaged");
        await host.PublishAsync(CheckCompleted(contact, [childId], ConcernCategory.Neglect));
        var afterCheck = (await host.CollectTriagesAsync(triaged, m => m.Header.ContactId == contact.Header.ContactId, 1, "ChildTriaged after the check")).Single();
        Assert.Equal(Pathway.NoFurtherAction, afterCheck.Recommendation.Pathway);

        var facts = contact.Facts.Clone();
        facts.Children[0].Concerns.Add(new ConcernFact { Category = ConcernCategory.DomesticAbuse, Subject = ConcernSubject.ParentOrCarer });
        var added = new ContactInformationAdded { Header = Header(contact.Header.ContactId), InformationId = Guid.NewGuid().ToString(), Facts = facts };
        await host.PublishAsync(added);

        var third = (await host.CollectTriagesAsync(triaged, m => m.Header.ContactId == contact.Header.ContactId, 1, "ChildTriaged after the addition")).Single();
        Assert.Equal((3, TriageTrigger.InformationAdded, added.InformationId), (third.Evaluation, third.Trigger, third.TriggerId));
        // Domestic abuse from the addition and neglect from the check: both count.
        Assert.Equal((Pathway.ChildInNeed, "T-020"), (third.Recommendation.Pathway, third.Recommendation.WinningRuleId));
    }

    [Fact]
    public async Task The_same_event_delivered_twice_has_its_effect_once()
    {
        var triaged = await host.CaptureTriagesAsync();
        var contact = Received(Child("WS1 1TP", ConcernCategory.DomesticAbuse));
        var childId = contact.Facts.Children[0].ChildId;
        await host.PublishAsync(contact);
        await host.PublishAsync(contact);
        await host.CollectTriagesAsync(triaged, m => m.Header.ContactId == contact.Header.ContactId, 1, "ChildTriaged");

        var check = CheckCompleted(contact, [childId], ConcernCategory.Neglect);
        await host.PublishAsync(check);
        await host.PublishAsync(check);
        await host.CollectTriagesAsync(triaged, m => m.Header.ContactId == contact.Header.ContactId, 1, "the re-run");

        // The second copy waits on the first one's inbox row and then finds it done; give it time to arrive.
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);

        // Effects and their events commit together: one item and two runs mean two ChildTriaged and no more.
        var contactId = Guid.Parse(contact.Header.ContactId);
        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT count(*) FROM triage_items WHERE contact_id = $1", contactId));
        Assert.Equal(2, await Sql.CountAsync(host.Database, "SELECT count(*) FROM recommendations WHERE contact_id = $1", contactId));
        Assert.Equal(0, (await host.DrainTriagesAsync(triaged)).Count(m => m.Header.ContactId == contact.Header.ContactId));
        Assert.Equal(2, (await host.Client.GetRecommendationAsync(new GetRecommendationRequest { ContactId = contact.Header.ContactId, ChildId = childId }, cancellationToken: Cancel)).History.Count);
    }

    [Fact]
    public async Task A_withdrawn_contacts_children_are_not_re_run()
    {
        var triaged = await host.CaptureTriagesAsync();
        var contact = Received(Child("WS1 1TP", ConcernCategory.DomesticAbuse));
        var childId = contact.Facts.Children[0].ChildId;
        await host.PublishAsync(contact);
        await host.CollectTriagesAsync(triaged, m => m.Header.ContactId == contact.Header.ContactId, 1, "ChildTriaged");

        await host.PublishAsync(new ContactWithdrawn { Header = Header(contact.Header.ContactId), ChildIds = { childId }, Reason = "Sent to the wrong hub." });
        var read = await Eventually.Until(() => ReadAsync(contact.Header.ContactId, childId), r => r.Status == ChildStatus.Withdrawn, "the withdrawal");

        var check = CheckCompleted(contact, [childId], ConcernCategory.Neglect);
        await host.PublishAsync(check);
        await Eventually.Until(() => host.HandledAsync(check.Header.EventId, "AgencyCheckCompletedConsumer"), done => done, "the check to be handled");

        var after = await ReadAsync(contact.Header.ContactId, childId);
        Assert.Single(after.History);
        Assert.Equal(read.Current, after.Current);
    }
}
