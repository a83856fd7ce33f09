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
            entries => entries.Any(e => e.ContactId == submitted.ContactId), "the child's trail");

        var entry = Assert.Single(trail, e => e.ContactId == submitted.ContactId);
        Assert.Equal("mash.events.v1.ContactReceived", entry.EventType);
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
    public async Task Methods_of_later_issues_answer_unimplemented()
    {
        var thresholds = new ThresholdService.ThresholdServiceClient(pipeline.Thresholds.As(Role.Screener));
        var error = await Assert.ThrowsAsync<RpcException>(() => thresholds.GetRecommendationAsync(new GetRecommendationRequest(), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }
}
