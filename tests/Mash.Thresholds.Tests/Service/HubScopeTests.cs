using Grpc.Core;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Testing;
using Xunit;
using static Mash.Thresholds.Tests.Service.Contacts;

namespace Mash.Thresholds.Tests.Service;

/// <summary>
/// A child's recommendation and decisions belong to the hub that received the contact (intake's
/// rule for the contact itself), not to the authority of the child's postcode; a stored contact is
/// evaluated by that hub's staff only, while a partner keeps its what-if on facts it sends.
/// </summary>
public sealed class HubScopeTests(ThresholdsHost host) : IClassFixture<ThresholdsHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A Walsall child (WS1 postcode) in a contact Wolverhampton's hub received, triaged.</summary>
    async Task<(string ContactId, string ChildId, Recommendation Current)> ReceivedByWolverhamptonAsync()
    {
        var contact = Received(Child("WS1 1TP", ConcernCategory.DomesticAbuse));
        contact.Header.LocalAuthority = "wolverhampton";
        contact.Header.Actor.LocalAuthority = "wolverhampton";
        await host.PublishAsync(contact);
        var (contactId, childId) = (contact.Header.ContactId, contact.Facts.Children[0].ChildId);
        var read = await Eventually.Until(async () =>
        {
            try { return await Hub.GetRecommendationAsync(new GetRecommendationRequest { ContactId = contactId, ChildId = childId }, cancellationToken: Cancel); }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound) { return null; }
        }, r => r?.Current is not null, "the child's triage, read by the receiving hub");
        return (contactId, childId, read!.Current);
    }

    ThresholdService.ThresholdServiceClient Hub => host.ClientAs(Role.Screener, authority: "wolverhampton");

    [Fact]
    public async Task Staff_of_the_childs_postcode_authority_but_not_the_receiving_hub_neither_see_nor_decide()
    {
        var (contactId, childId, current) = await ReceivedByWolverhamptonAsync();
        // The child's own authority, which used to be enough to see it.
        Assert.Equal("walsall", (await Hub.GetRecommendationAsync(new GetRecommendationRequest { ContactId = contactId, ChildId = childId }, cancellationToken: Cancel)).LocalAuthority);

        foreach (var role in new[] { Role.Screener, Role.Manager, Role.Auditor })
        {
            var walsall = host.ClientAs(role, authority: "walsall");
            Assert.Equal(StatusCode.NotFound, await CodeAsync(() => walsall.GetRecommendationAsync(new GetRecommendationRequest { ContactId = contactId, ChildId = childId }, cancellationToken: Cancel).ResponseAsync));
            Assert.Equal(StatusCode.NotFound, await CodeAsync(() => walsall.EvaluateContactAsync(new EvaluateContactRequest { ContactId = contactId }, cancellationToken: Cancel).ResponseAsync));
        }
        var decision = new RecordDecisionRequest
        {
            ContactId = contactId, ChildId = childId, Stage = DecisionStage.Final, RecommendationId = current.RecommendationId,
            Pathway = current.Pathway, NfaReason = current.NfaReason, Rag = current.Rag,
        };
        Assert.Equal(StatusCode.NotFound, await CodeAsync(() => host.ClientAs(Role.Screener, authority: "walsall").RecordDecisionAsync(decision, cancellationToken: Cancel).ResponseAsync));
        Assert.Equal(0L, await Sql.CountAsync(host.Database, "SELECT count(*) FROM decisions WHERE contact_id = $1", Guid.Parse(contactId)));

        // The receiving hub decides.
        var decided = await Hub.RecordDecisionAsync(decision, cancellationToken: Cancel);
        Assert.Equal(("wolverhampton", DecisionStage.Final), (decided.Decision.DecidedBy.LocalAuthority, decided.Decision.Stage));
    }

    [Fact]
    public async Task A_stored_contact_is_evaluated_by_the_hubs_staff_and_never_by_a_partner()
    {
        var (contactId, _, current) = await ReceivedByWolverhamptonAsync();

        var byStaff = await Hub.EvaluateContactAsync(new EvaluateContactRequest { ContactId = contactId }, cancellationToken: Cancel);
        Assert.Equal(current.Pathway, Assert.Single(byStaff.Children).Recommendation.Pathway);

        // The referrer itself (agency wmp sent it) may not read its stored facts back through the rules.
        var partner = host.ClientAs(Role.Partner, agency: "wmp", authority: "wolverhampton");
        var refused = await Assert.ThrowsAsync<RpcException>(() => partner.EvaluateContactAsync(new EvaluateContactRequest { ContactId = contactId }, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("facts it sends", refused.Status.Detail);
    }

    static async Task<StatusCode> CodeAsync(Func<Task> call)
    {
        try { await call(); return StatusCode.OK; }
        catch (RpcException e) { return e.StatusCode; }
    }
}
