using Grpc.Core;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Testing;
using Xunit;

namespace Mash.EndToEnd.Tests;

/// <summary>A contact travels from intake's gRPC API across RabbitMQ to thresholds and audit.</summary>
public sealed class ContactFlowTests(Pipeline pipeline) : IClassFixture<Pipeline>
{
    [Fact]
    public async Task A_submitted_contact_is_queued_for_triage_per_child_and_recorded_by_audit()
    {
        var request = SampleContacts.DomesticAbuseSiblings();

        var response = await pipeline.IntakeClient.SubmitContactAsync(request, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, response.Children.Count);
        var contactId = Guid.Parse(response.ContactId);
        var triaged = await Eventually.Until(
            () => Sql.CountOrZeroAsync(pipeline.ThresholdsDb, "SELECT count(*) FROM triage_items WHERE contact_id = $1", contactId),
            n => n == 2, "thresholds to queue both children");
        Assert.Equal(2, triaged);
        await Eventually.Until(
            () => Sql.CountOrZeroAsync(pipeline.AuditDb, "SELECT count(*) FROM trail_entries WHERE contact_id = $1 AND event_type = 'mash.events.v1.ContactReceived'", response.ContactId),
            n => n == 1, "audit to record ContactReceived");
    }

    [Fact]
    public async Task A_childs_decision_trail_holds_the_contact_it_arrived_in_without_personal_data()
    {
        var request = SampleContacts.DomesticAbuseSiblings();
        var submitted = await pipeline.IntakeClient.SubmitContactAsync(request, cancellationToken: TestContext.Current.CancellationToken);
        var childId = submitted.Children[1].ChildId;

        // The child may have earlier contacts (intake matches children across contacts): find this one.
        var trail = await Eventually.Until(
            async () => (await pipeline.AuditClient.GetDecisionTrailAsync(new GetDecisionTrailRequest { ChildId = childId })).Entries,
            entries => entries.Any(e => e.ContactId == submitted.ContactId && e.EventType == "mash.events.v1.ContactReceived"), "the child's trail");

        // Thresholds' ChildTriaged joins the trail too; the contact itself arrives exactly once.
        var entry = Assert.Single(trail, e => e.ContactId == submitted.ContactId && e.EventType == "mash.events.v1.ContactReceived");
        Assert.Equal(submitted.ContactId, entry.ContactId);
        // The actor is the authenticated caller (a screener of the test authority), never a request field.
        Assert.Equal((Role.Screener, "walsall"), (entry.Actor.Role, entry.Actor.LocalAuthority));
        Assert.Contains("about 2 child(ren)", entry.Summary);
        Assert.DoesNotContain(request.Children[1].FamilyName, entry.Summary);
        Assert.DoesNotContain(request.Children[1].FamilyName, entry.Event.ToStringUtf8());
    }

    [Fact]
    public async Task A_stored_contact_reads_back_with_its_children_and_their_ids()
    {
        var request = SampleContacts.DomesticAbuseSiblings();
        var submitted = await pipeline.IntakeClient.SubmitContactAsync(request, cancellationToken: TestContext.Current.CancellationToken);

        var read = await pipeline.IntakeClient.GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(submitted.ContactId, read.Contact.ContactId);
        Assert.Equal(submitted.Children.Select(c => c.ChildId), read.Contact.Children.Select(c => c.Child.ChildId));
        Assert.Equal(request.Children[0].FamilyName, read.Contact.Children[0].Child.FamilyName);
        Assert.Equal(request.Concerns, read.Contact.Concerns);
    }

    [Fact]
    public async Task A_contact_without_children_or_concerns_is_refused_with_field_violations_and_not_stored()
    {
        var request = SampleContacts.DomesticAbuseSiblings();
        request.Children.Clear();
        request.Concerns.Clear();

        var error = await Assert.ThrowsAsync<RpcException>(() => pipeline.IntakeClient.SubmitContactAsync(request, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var badRequest = error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>();
        Assert.Equal(["children", "concerns"], badRequest.FieldViolations.Select(v => v.Field).Order());
        Assert.Equal(0, await Sql.CountAsync(pipeline.IntakeDb, "SELECT count(*) FROM contacts WHERE idempotency_key = $1", request.IdempotencyKey));
    }

    [Fact]
    public async Task A_contact_is_recommended_by_the_rules_decided_by_a_screener_and_routed_back_to_the_referrer()
    {
        var cancel = TestContext.Current.CancellationToken;
        var submitted = await pipeline.IntakeClient.SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: cancel);
        var child = submitted.Children[0];

        // Thresholds recommends from Walsall's rule set (seeds/thresholds) and intake shows it.
        var triaged = await Eventually.Until(
            () => pipeline.IntakeClient.GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: cancel).ResponseAsync,
            r => r.Contact.Children.All(c => c.Status == ChildStatus.Triaged && c.Recommendation is not null), "both children triaged in intake");
        var shown = triaged.Contact.Children.Single(c => c.Child.ChildId == child.ChildId);
        Assert.Equal(("walsall", "walsall-levels-of-need"), (shown.LocalAuthority, shown.Recommendation.RuleSet.RuleSetId));
        Assert.NotEmpty(shown.Recommendation.WhyWinner);
        Assert.True(shown.Recommendation.DecisionDeadline.ToDateTimeOffset() > DateTimeOffset.UtcNow);

        // A screener of Walsall takes the recommendation as it stands.
        var thresholds = new ThresholdService.ThresholdServiceClient(pipeline.Thresholds.As(Role.Screener));
        var recommendation = (await thresholds.GetRecommendationAsync(new GetRecommendationRequest { ContactId = submitted.ContactId, ChildId = child.ChildId }, cancellationToken: cancel)).Current;
        Assert.Equal(shown.Recommendation.RecommendationId, recommendation.RecommendationId);
        var decision = new RecordDecisionRequest
        {
            ContactId = submitted.ContactId,
            ChildId = child.ChildId,
            Stage = DecisionStage.Initial,
            RecommendationId = recommendation.RecommendationId,
            ReferrerFeedback = "Thank you: the hub has decided what happens next.",
        };
        if (recommendation.Pathway == Pathway.NoFurtherAction)
            (decision.InitialOutcome, decision.NfaReason) = (InitialDecisionOutcome.NoFurtherAction, recommendation.NfaReason);
        else
            (decision.InitialOutcome, decision.Pathway) = (InitialDecisionOutcome.StraightToAllocation, recommendation.Pathway);
        var recorded = await thresholds.RecordDecisionAsync(decision, cancellationToken: cancel);
        Assert.False(recorded.AwaitingCountersignature);

        // The referrer sees the outcome; audit holds the whole story of the child on this contact.
        var routed = await Eventually.Until(
            () => pipeline.IntakeClient.GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: cancel).ResponseAsync,
            r => r.Contact.Children.Single(c => c.Child.ChildId == child.ChildId).Status == ChildStatus.Routed, "intake to show the child routed");
        var outcome = routed.Contact.Children.Single(c => c.Child.ChildId == child.ChildId);
        Assert.Equal((recommendation.Pathway, "Thank you: the hub has decided what happens next."), (outcome.Pathway, outcome.ReferrerFeedback));
        var story = new HashSet<string> { "mash.events.v1.ContactReceived", "mash.events.v1.ChildTriaged", "mash.events.v1.DecisionRecorded", "mash.events.v1.ChildRouted" };
        var trail = await Eventually.Until(
            () => pipeline.AuditClient.GetDecisionTrailAsync(new GetDecisionTrailRequest { ChildId = child.ChildId }, cancellationToken: cancel).ResponseAsync,
            t => story.IsSubsetOf(t.Entries.Where(e => e.ContactId == submitted.ContactId).Select(e => e.EventType)), "audit to record received, triaged, decided and routed");
        // Events of one child may reach audit in any order (one queue, several consumers): compare as a set. The
        // screener's reads of the contact (RecordViewed) are part of the child's story too.
        Assert.Superset(
            new HashSet<string>(story) { "mash.events.v1.RecordViewed" },
            trail.Entries.Where(e => e.ContactId == submitted.ContactId).Select(e => e.EventType).ToHashSet());
        Assert.Contains(trail.Entries, e => e.ContactId == submitted.ContactId && e.EventType == "mash.events.v1.RecordViewed" && e.Actor.Role == Role.Screener);
        Assert.True((await pipeline.AuditClient.VerifyTrailAsync(new VerifyTrailRequest { All = true }, cancellationToken: cancel)).Valid);
    }
}
