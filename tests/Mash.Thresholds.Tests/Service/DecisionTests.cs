using Grpc.Core;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Testing;
using Xunit;
using static Mash.Thresholds.Tests.Service.Contacts;

namespace Mash.Thresholds.Tests.Service;

/// <summary>Screeners decide (initial, then final), managers countersign step-downs, corrections supersede; each publishes its events.</summary>
public sealed class DecisionTests(ThresholdsHost host) : IClassFixture<ThresholdsHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Publishes a contact and waits until thresholds has triaged its first child.</summary>
    async Task<(ContactReceived Contact, string ChildId, Recommendation Current)> TriagedAsync(params ChildFacts[] children)
    {
        var contact = Received(children);
        await host.PublishAsync(contact);
        var childId = children[0].ChildId;
        var read = await Eventually.Until(async () =>
        {
            try { return await ReadAsync(contact.Header.ContactId, childId); }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound) { return null; }
        }, r => r?.Current is not null, "the child's triage");
        return (contact, childId, read!.Current);
    }

    Task<GetRecommendationResponse> ReadAsync(string contactId, string childId) =>
        host.Client.GetRecommendationAsync(new GetRecommendationRequest { ContactId = contactId, ChildId = childId }, cancellationToken: Cancel).ResponseAsync;

    static RecordDecisionRequest Decide(ContactReceived contact, string childId, Recommendation current, DecisionStage stage) => new()
    {
        ContactId = contact.Header.ContactId, ChildId = childId, Stage = stage, RecommendationId = current.RecommendationId,
    };

    async Task<RpcException> RefusedAsync(Func<Task> call, StatusCode code)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, error.StatusCode);
        return error;
    }

    async Task<long> DecisionRowsAsync(ContactReceived contact) =>
        await Sql.CountAsync(host.Database, "SELECT count(*) FROM decisions WHERE contact_id = $1", Guid.Parse(contact.Header.ContactId));

    [Fact]
    public async Task Screening_required_then_a_final_decision_routes_the_child()
    {
        var (recorded, routed) = (await host.CaptureAsync<DecisionRecorded>(), await host.CaptureAsync<ChildRouted>());
        var (contact, childId, current) = await TriagedAsync(Child("WS1 1TP", ConcernCategory.DomesticAbuse), Child("WS1 1TP"));

        var initial = Decide(contact, childId, current, DecisionStage.Initial);
        initial.InitialOutcome = InitialDecisionOutcome.ScreeningRequired;
        var first = await host.Client.RecordDecisionAsync(initial, cancellationToken: Cancel);
        Assert.Equal((DecisionState.InEffect, false), (first.Decision.State, first.AwaitingCountersignature));
        Assert.Equal(ChildStatus.AwaitingChecks, (await ReadAsync(contact.Header.ContactId, childId)).Status);

        var final = Decide(contact, childId, current, DecisionStage.Final);
        final.Pathway = Pathway.EarlyHelp;
        final.ReferrerFeedback = "Offered early help from the family hub.";
        var second = await host.Client.RecordDecisionAsync(final, cancellationToken: Cancel);

        // The initial decision routes nowhere: it is published alone. The final one routes at once:
        // it travels inside its ChildRouted, and is not published alone as well.
        var route = (await host.CollectAsync<ChildRouted>(routed, m => m.Header.ContactId == contact.Header.ContactId, 1, "ChildRouted")).Single();
        var alone = (await host.CollectAsync<DecisionRecorded>(recorded, m => m.Header.ContactId == contact.Header.ContactId, 1, "the initial DecisionRecorded")).Single();
        Assert.Equal((first.Decision.DecisionId, InitialDecisionOutcome.ScreeningRequired), (alone.DecisionId, alone.InitialOutcome));
        Assert.Equal((second.Decision.DecisionId, DecisionStage.Final, Pathway.EarlyHelp, InitialDecisionOutcome.Unspecified),
            (route.Decision.DecisionId, route.Decision.Stage, route.Decision.Pathway, route.Decision.InitialOutcome));
        Assert.NotEqual(route.Header.EventId, route.Decision.Header.EventId);
        Assert.All([alone, route.Decision], d => Assert.Equal((Role.Screener, "screener-walsall", false), (d.Header.Actor.Role, d.Header.Actor.Subject, d.AutoRoute)));
        Assert.Equal((second.Decision.DecisionId, Pathway.EarlyHelp, LevelOfNeed.EarlyHelp, Rag.Amber, false),
            (route.DecisionId, route.Pathway, route.Level, route.Rag, route.OverridesRecommendation));
        Assert.Equal((current.RecommendationId, current.RuleSet, "Offered early help from the family hub."), (route.RecommendationId, route.RuleSet, route.ReferrerFeedback));
        // The rule behind the recommendation travels too: reports count overrides by rule.
        Assert.Equal((current.WinningRuleId, true), (route.WinningRuleId, route.WinningRuleId.Length > 0));
        Assert.Equal((Role.Screener, "walsall-south", "WS1", contact.Header.ContactId), (route.Header.Actor.Role, route.Locality, route.PostcodeDistrict, route.SiblingGroupId));
        Assert.Equal([contact.Facts.Children[1].ChildId], route.SiblingChildIds);
        // The point of referral travels with the routing: the child seen and assessment clocks count from it.
        Assert.Equal(contact.Facts.ReceivedAt, route.ReferredAt);
        Assert.Equal([ConcernCategory.DomesticAbuse], route.Concerns.Select(c => c.Category));
        Assert.Equal((7, SettingKind.PrimarySchool, ReferralSource.Police), (route.AgeYears, route.Setting.Kind, route.ReferralSource));

        var read = await ReadAsync(contact.Header.ContactId, childId);
        Assert.Equal(ChildStatus.Routed, read.Status);
        Assert.Equal([DecisionState.Superseded, DecisionState.InEffect], read.Decisions.Select(d => d.State));

        // A routed child takes no other decision but a correction.
        var again = Decide(contact, childId, current, DecisionStage.Final);
        again.Pathway = Pathway.EarlyHelp;
        await RefusedAsync(() => host.Client.RecordDecisionAsync(again, cancellationToken: Cancel).ResponseAsync, StatusCode.FailedPrecondition);
    }

    [Fact]
    public async Task An_override_without_a_rationale_is_refused_and_nothing_is_stored()
    {
        var (contact, childId, current) = await TriagedAsync(Child("WS1 1TP", ConcernCategory.DomesticAbuse));
        var request = Decide(contact, childId, current, DecisionStage.Initial);
        (request.InitialOutcome, request.Pathway) = (InitialDecisionOutcome.StraightToAllocation, Pathway.ChildInNeed);

        var error = await RefusedAsync(() => host.Client.RecordDecisionAsync(request, cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument);

        Assert.Equal(["rationale"], error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(0, await DecisionRowsAsync(contact));

        request.Rationale = "The school's account shows needs beyond early help.";
        var recorded = await host.Client.RecordDecisionAsync(request, cancellationToken: Cancel);
        Assert.True(recorded.Decision.OverridesRecommendation);
    }

    [Fact]
    public async Task A_red_recommendation_stepped_down_to_NFA_routes_only_once_another_manager_countersigns()
    {
        var (countersigned, routed) = (await host.CaptureAsync<DecisionCountersigned>(), await host.CaptureAsync<ChildRouted>());
        var (contact, childId, current) = await TriagedAsync(Child("WS1 1TP", ConcernCategory.SexualAbuseAdultOnChild));
        Assert.Equal((Pathway.ChildProtection, Rag.Red), (current.Pathway, current.Rag));
        var decider = host.ClientAs(Role.Manager, subject: "manager-one");

        var request = Decide(contact, childId, current, DecisionStage.Final);
        (request.Pathway, request.NfaReason, request.Rationale) = (Pathway.NoFurtherAction, NfaReason.AdviceAndSignposting, "Police confirm the account was withdrawn and unfounded.");
        var recorded = await decider.RecordDecisionAsync(request, cancellationToken: Cancel);
        Assert.Equal((true, DecisionState.AwaitingCountersignature), (recorded.AwaitingCountersignature, recorded.Decision.State));
        Assert.Equal(ChildStatus.AwaitingDecision, (await ReadAsync(contact.Header.ContactId, childId)).Status);

        var own = new CountersignDecisionRequest { DecisionId = recorded.Decision.DecisionId, Approve = true };
        var error = await RefusedAsync(() => decider.CountersignDecisionAsync(own, cancellationToken: Cancel).ResponseAsync, StatusCode.PermissionDenied);
        Assert.Contains("other than", error.Status.Detail);
        await RefusedAsync(() => host.Client.CountersignDecisionAsync(own, cancellationToken: Cancel).ResponseAsync, StatusCode.PermissionDenied);

        var approved = await host.ClientAs(Role.Manager, subject: "manager-two").CountersignDecisionAsync(
            new CountersignDecisionRequest { DecisionId = recorded.Decision.DecisionId, Approve = true, Comment = "Agreed." }, cancellationToken: Cancel);

        Assert.Equal((DecisionState.InEffect, true, "manager-two"), (approved.Decision.State, approved.Decision.Countersignature.Approved, approved.Decision.Countersignature.CountersignedBy.Subject));
        var signed = (await host.CollectAsync<DecisionCountersigned>(countersigned, m => m.Header.ContactId == contact.Header.ContactId, 1, "DecisionCountersigned")).Single();
        Assert.Equal((recorded.Decision.DecisionId, true, "manager-two"), (signed.DecisionId, signed.Approved, signed.Header.Actor.Subject));
        var route = (await host.CollectAsync<ChildRouted>(routed, m => m.Header.ContactId == contact.Header.ContactId, 1, "ChildRouted")).Single();
        Assert.Equal((recorded.Decision.DecisionId, Pathway.NoFurtherAction, NfaReason.AdviceAndSignposting, true), (route.DecisionId, route.Pathway, route.NfaReason, route.OverridesRecommendation));
        Assert.Equal(ChildStatus.Routed, (await ReadAsync(contact.Header.ContactId, childId)).Status);
    }

    [Fact]
    public async Task A_refused_countersignature_needs_a_comment_and_leaves_the_child_for_a_new_decision()
    {
        var (contact, childId, current) = await TriagedAsync(Child("WS1 1TP", ConcernCategory.SexualAbuseAdultOnChild));
        var request = Decide(contact, childId, current, DecisionStage.Initial);
        (request.InitialOutcome, request.NfaReason, request.Rationale) = (InitialDecisionOutcome.NoFurtherAction, NfaReason.InformationOnly, "Referrer says it is for information.");
        var recorded = await host.Client.RecordDecisionAsync(request, cancellationToken: Cancel);
        var manager = host.ClientAs(Role.Manager);

        var error = await RefusedAsync(() => manager.CountersignDecisionAsync(new CountersignDecisionRequest { DecisionId = recorded.Decision.DecisionId }, cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument);
        Assert.Equal(["comment"], error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
        var refused = await manager.CountersignDecisionAsync(new CountersignDecisionRequest { DecisionId = recorded.Decision.DecisionId, Comment = "A disclosure is never information only." }, cancellationToken: Cancel);
        Assert.Equal(DecisionState.CountersignatureRefused, refused.Decision.State);
        Assert.Equal(ChildStatus.AwaitingDecision, (await ReadAsync(contact.Header.ContactId, childId)).Status);

        var screening = Decide(contact, childId, current, DecisionStage.Initial);
        screening.InitialOutcome = InitialDecisionOutcome.ScreeningRequired;
        Assert.Equal(DecisionState.InEffect, (await host.Client.RecordDecisionAsync(screening, cancellationToken: Cancel)).Decision.State);
    }

    [Fact]
    public async Task A_correction_supersedes_the_decision_and_routes_again()
    {
        var routed = await host.CaptureAsync<ChildRouted>();
        var (contact, childId, current) = await TriagedAsync(Child("WS1 1TP", ConcernCategory.DomesticAbuse));
        var first = Decide(contact, childId, current, DecisionStage.Initial);
        (first.InitialOutcome, first.Pathway) = (InitialDecisionOutcome.StraightToAllocation, Pathway.EarlyHelp);
        var original = await host.Client.RecordDecisionAsync(first, cancellationToken: Cancel);

        var correction = Decide(contact, childId, current, DecisionStage.Initial);
        (correction.InitialOutcome, correction.Pathway, correction.Rationale) = (InitialDecisionOutcome.StraightToAllocation, Pathway.ChildInNeed, "The neglect reported was missed.");
        (correction.SupersedesDecisionId, correction.CorrectionReason) = (original.Decision.DecisionId, "Wrong pathway recorded.");
        var corrected = await host.Client.RecordDecisionAsync(correction, cancellationToken: Cancel);

        var routes = await host.CollectAsync<ChildRouted>(routed, m => m.Header.ContactId == contact.Header.ContactId, 2, "both ChildRouted");
        Assert.Equal([(original.Decision.DecisionId, Pathway.EarlyHelp), (corrected.Decision.DecisionId, Pathway.ChildInNeed)],
            routes.OrderBy(r => r.Header.OccurredAt).Select(r => (r.DecisionId, r.Pathway)));
        var read = await ReadAsync(contact.Header.ContactId, childId);
        Assert.Equal([(original.Decision.DecisionId, DecisionState.Superseded), (corrected.Decision.DecisionId, DecisionState.InEffect)],
            read.Decisions.Select(d => (d.DecisionId, d.State)));
        Assert.Equal(original.Decision.DecisionId, read.Decisions[1].SupersedesDecisionId);
    }

    [Fact]
    public async Task A_decision_on_a_withdrawn_contact_is_refused()
    {
        var (contact, childId, current) = await TriagedAsync(Child("WS1 1TP", ConcernCategory.DomesticAbuse));
        await host.PublishAsync(new ContactWithdrawn { Header = Header(contact.Header.ContactId), ChildIds = { childId }, Reason = "Duplicate referral." });
        await Eventually.Until(() => ReadAsync(contact.Header.ContactId, childId), r => r.Status == ChildStatus.Withdrawn, "the withdrawal");

        var request = Decide(contact, childId, current, DecisionStage.Final);
        request.Pathway = Pathway.EarlyHelp;
        var error = await RefusedAsync(() => host.Client.RecordDecisionAsync(request, cancellationToken: Cancel).ResponseAsync, StatusCode.FailedPrecondition);
        Assert.Contains("withdrawn", error.Status.Detail);
        Assert.Equal(0, await DecisionRowsAsync(contact));
    }

    [Fact]
    public async Task A_decision_on_a_recommendation_the_rules_have_replaced_is_refused()
    {
        var (contact, childId, current) = await TriagedAsync(Child("WS1 1TP", ConcernCategory.DomesticAbuse));
        await host.PublishAsync(CheckCompleted(contact, [childId], ConcernCategory.Neglect));
        var read = await Eventually.Until(() => ReadAsync(contact.Header.ContactId, childId), r => r.History.Count == 2, "the re-run");

        var request = Decide(contact, childId, current, DecisionStage.Final);
        request.Pathway = Pathway.EarlyHelp;
        var error = await RefusedAsync(() => host.Client.RecordDecisionAsync(request, cancellationToken: Cancel).ResponseAsync, StatusCode.FailedPrecondition);
        Assert.Contains("re-run since", error.Status.Detail);

        request.RecommendationId = read.Current.RecommendationId;
        request.Pathway = Pathway.ChildInNeed;
        Assert.False((await host.Client.RecordDecisionAsync(request, cancellationToken: Cancel)).Decision.OverridesRecommendation);
    }

    [Fact]
    public async Task Unknown_children_and_other_authorities_children_are_not_found()
    {
        var (contact, childId, current) = await TriagedAsync(Child("WS1 1TP", ConcernCategory.DomesticAbuse));
        var request = Decide(contact, Guid.NewGuid().ToString(), current, DecisionStage.Final);
        request.Pathway = Pathway.EarlyHelp;
        await RefusedAsync(() => host.Client.RecordDecisionAsync(request, cancellationToken: Cancel).ResponseAsync, StatusCode.NotFound);

        var elsewhere = host.ClientAs(Role.Screener, authority: "wolverhampton");
        request.ChildId = childId;
        await RefusedAsync(() => elsewhere.RecordDecisionAsync(request, cancellationToken: Cancel).ResponseAsync, StatusCode.NotFound);
        await RefusedAsync(() => elsewhere.GetRecommendationAsync(new GetRecommendationRequest { ContactId = contact.Header.ContactId, ChildId = childId }, cancellationToken: Cancel).ResponseAsync, StatusCode.NotFound);
        await RefusedAsync(() => host.ClientAs(Role.Partner, agency: "wmp").GetRecommendationAsync(new GetRecommendationRequest { ContactId = contact.Header.ContactId, ChildId = childId }, cancellationToken: Cancel).ResponseAsync, StatusCode.PermissionDenied);
    }
}
