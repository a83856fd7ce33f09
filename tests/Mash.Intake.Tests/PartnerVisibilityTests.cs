using Grpc.Core;
using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Mash.Testing;
using Xunit;

namespace Mash.Intake.Tests;

/// <summary>
/// No one sees a child's data who should not: a partner sees only its own agency's contacts, and
/// only the referrer's view of them; staff see only their own authority's contacts.
/// </summary>
public sealed class PartnerVisibilityTests(IntakeHost host) : IClassFixture<IntakeHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_partner_of_another_agency_gets_not_found_for_a_contact_and_cannot_change_it()
    {
        var police = host.ClientAs(Role.Partner, "wmp");
        var school = host.ClientAs(Role.Partner, "walsall-school-17");
        var submitted = await police.SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: Cancel);

        var read = await Assert.ThrowsAsync<RpcException>(() => school.GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: Cancel).ResponseAsync);
        var withdraw = await Assert.ThrowsAsync<RpcException>(() => school.WithdrawContactAsync(new WithdrawContactRequest { ContactId = submitted.ContactId, Reason = "Not ours." }, cancellationToken: Cancel).ResponseAsync);
        var add = await Assert.ThrowsAsync<RpcException>(() => school.AddInformationAsync(new AddInformationRequest { ContactId = submitted.ContactId, Text = "More." }, cancellationToken: Cancel).ResponseAsync);
        var list = (await school.ListContactsAsync(new ListContactsRequest(), cancellationToken: Cancel)).Items;

        Assert.Equal((StatusCode.NotFound, StatusCode.NotFound, StatusCode.NotFound), (read.StatusCode, withdraw.StatusCode, add.StatusCode));
        Assert.DoesNotContain(list, i => i.ContactId == submitted.ContactId);
    }

    [Fact]
    public async Task The_submitting_partner_gets_the_referrer_view_and_staff_the_full_record()
    {
        var police = host.ClientAs(Role.Partner, "wmp");
        var submitted = await police.SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: Cancel);
        await host.Client.AddInformationAsync(new AddInformationRequest { ContactId = submitted.ContactId, Text = "Health visitor says the baby was seen last week." }, cancellationToken: Cancel);

        var asPartner = await police.GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: Cancel);
        var asScreener = await host.Client.GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: Cancel);

        Assert.Equal(ContactView.Referrer, asPartner.View);
        Assert.Empty(asPartner.Contact.Additions);
        Assert.Equal(2, asPartner.Contact.Children.Count);
        Assert.Equal(ContactView.Full, asScreener.View);
        Assert.Single(asScreener.Contact.Additions);
        Assert.Equal("wmp", asScreener.Contact.Referrer.Agency);
        var mine = (await police.ListContactsAsync(new ListContactsRequest(), cancellationToken: Cancel)).Items;
        Assert.Contains(mine, i => i.ContactId == submitted.ContactId);
        Assert.All(mine, i => Assert.Equal(Rag.Unspecified, i.Rag));
    }

    [Fact]
    public async Task A_partner_submits_only_as_its_own_agency_and_answers_only_its_own_checks()
    {
        var school = host.ClientAs(Role.Partner, "walsall-school-17");

        var asPolice = await Assert.ThrowsAsync<RpcException>(() => school.SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: Cancel).ResponseAsync);
        var policeQueue = await Assert.ThrowsAsync<RpcException>(() => school.ListAgencyChecksAsync(new ListAgencyChecksRequest { Agency = "wmp" }, cancellationToken: Cancel).ResponseAsync);
        var requestChecks = await Assert.ThrowsAsync<RpcException>(() => school.RequestAgencyChecksAsync(new RequestAgencyChecksRequest { ContactId = Guid.NewGuid().ToString(), Agencies = { AgencyKind.Police } }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal((StatusCode.PermissionDenied, StatusCode.PermissionDenied, StatusCode.PermissionDenied), (asPolice.StatusCode, policeQueue.StatusCode, requestChecks.StatusCode));
    }

    [Fact]
    public async Task Staff_of_another_authority_do_not_see_the_contact()
    {
        var submitted = await host.Client.SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: Cancel);
        var elsewhere = host.ClientAs(Role.Screener, authority: "wolverhampton");

        var read = await Assert.ThrowsAsync<RpcException>(() => elsewhere.GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: Cancel).ResponseAsync);
        var queue = (await elsewhere.ListContactsAsync(new ListContactsRequest(), cancellationToken: Cancel)).Items;

        Assert.Equal(StatusCode.NotFound, read.StatusCode);
        Assert.DoesNotContain(queue, i => i.ContactId == submitted.ContactId);
    }

    [Fact]
    public async Task A_call_without_a_valid_token_is_unauthenticated_but_health_answers()
    {
        var anonymous = new IntakeService.IntakeServiceClient(host.Intake.Channel.WithBearerToken(null));
        var expired = new IntakeService.IntakeServiceClient(host.Intake.Channel.WithBearerToken(
            Mash.BuildingBlocks.Identity.DevTokens.Mint(TestIdentity.SigningKey, Role.Screener, authority: "walsall", lifetime: TimeSpan.FromMinutes(1), now: DateTime.UtcNow.AddHours(-2))));
        var forged = new IntakeService.IntakeServiceClient(host.Intake.Channel.WithBearerToken(
            Mash.BuildingBlocks.Identity.DevTokens.Mint(Mash.BuildingBlocks.Identity.DevTokens.NewSigningKey(), Role.Screener, authority: "walsall")));

        foreach (var client in new[] { anonymous, expired, forged })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => client.ListContactsAsync(new ListContactsRequest(), cancellationToken: Cancel).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        }
        var health = await new global::Grpc.Health.V1.Health.HealthClient(host.Intake.Channel).CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest(), cancellationToken: Cancel);
        Assert.Equal(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }
}
