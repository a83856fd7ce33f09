using Grpc.Core;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Intake.V1;
using Mash.Testing;
using Xunit;

namespace Mash.Intake.Tests;

/// <summary>
/// Every contact has a receiving hub, whatever the submitter's token says, and a sign-in without an
/// agency or authority cannot list records with an empty one.
/// </summary>
public sealed class ContactHubTests(IntakeHost host) : IClassFixture<IntakeHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    static SubmitContactRequest Contact(string agency, string postcode)
    {
        var contact = SampleContacts.DomesticAbuseSiblings();
        contact.Referrer.Agency = agency;
        foreach (var child in contact.Children) child.Address.Postcode = postcode;
        return contact;
    }

    [Fact]
    public async Task A_partner_token_without_an_authority_makes_a_contact_for_the_hub_of_the_childrens_home()
    {
        var received = await host.CaptureAsync<ContactReceived>();
        var submitted = await host.ClientAs(Role.Partner, "wmp", authority: "").SubmitContactAsync(Contact("wmp", "WV1 1RL"), cancellationToken: Cancel);

        var screener = host.ClientAs(Role.Screener, authority: "wolverhampton");
        Assert.Equal("wolverhampton", (await screener.GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: Cancel)).Contact.LocalAuthority);
        Assert.Contains((await screener.ListContactsAsync(new ListContactsRequest(), cancellationToken: Cancel)).Items, i => i.ContactId == submitted.ContactId);
        var announced = await Eventually.Until(async () => (await host.DrainAsync<ContactReceived>(received)).FirstOrDefault(e => e.Header.ContactId == submitted.ContactId),
            e => e is not null, "ContactReceived");
        Assert.Equal("wolverhampton", announced!.Header.LocalAuthority);
    }

    [Fact]
    public async Task A_partner_signed_in_to_a_hub_its_agency_does_not_refer_to_is_not_trusted_with_it()
    {
        // walsall-school-17 refers to Walsall only (seeds/agencies); its sign-in says Wolverhampton.
        var submitted = await host.ClientAs(Role.Partner, "walsall-school-17", authority: "wolverhampton")
            .SubmitContactAsync(Contact("walsall-school-17", "WS1 1TP"), cancellationToken: Cancel);

        var contact = (await host.ClientAs(Role.Screener, authority: "walsall").GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: Cancel)).Contact;
        Assert.Equal("walsall", contact.LocalAuthority);
    }

    [Fact]
    public async Task A_family_outside_every_authority_goes_to_the_one_hub_the_agency_refers_to_and_without_one_is_refused()
    {
        var registered = await host.ClientAs(Role.Partner, "walsall-school-17", authority: "").SubmitContactAsync(Contact("walsall-school-17", "LS9 7AB"), cancellationToken: Cancel);
        Assert.Equal("walsall", (await host.Client.GetContactAsync(new GetContactRequest { ContactId = registered.ContactId }, cancellationToken: Cancel)).Contact.LocalAuthority);

        var unregistered = Contact("leeds-gp-01", "LS9 7AB");
        var refused = await Assert.ThrowsAsync<RpcException>(() => host.ClientAs(Role.Partner, "leeds-gp-01", authority: "walsall").SubmitContactAsync(unregistered, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal(["children[0].address.postcode", "children[1].address.postcode"],
            refused.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(0, await Sql.CountAsync(host.Database, "SELECT count(*) FROM contacts WHERE idempotency_key = $1", unregistered.IdempotencyKey));

        // leeds-csc refers to both hubs: without a sign-in naming one, nothing says which.
        var ambiguous = await Assert.ThrowsAsync<RpcException>(() => host.ClientAs(Role.Partner, "leeds-csc", authority: "").SubmitContactAsync(Contact("leeds-csc", "LS9 7AB"), cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ambiguous.StatusCode);
        Assert.Contains("sign in to the hub you are referring to", ambiguous.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations[0].Description);
    }

    [Fact]
    public async Task Staff_whose_sign_in_names_no_authority_are_refused_at_sign_in_and_store_nothing()
    {
        var staff = host.ClientAs(Role.Screener, authority: "");
        var contact = Contact("wmp", "WS1 1TP");

        var submit = await Assert.ThrowsAsync<RpcException>(() => staff.SubmitContactAsync(contact, cancellationToken: Cancel).ResponseAsync);
        var list = await Assert.ThrowsAsync<RpcException>(() => staff.ListContactsAsync(new ListContactsRequest(), cancellationToken: Cancel).ResponseAsync);
        var checks = await Assert.ThrowsAsync<RpcException>(() => staff.ListAgencyChecksAsync(new ListAgencyChecksRequest { Agency = "wmp" }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal((StatusCode.Unauthenticated, StatusCode.Unauthenticated, StatusCode.Unauthenticated), (submit.StatusCode, list.StatusCode, checks.StatusCode));
        Assert.Equal(0, await Sql.CountAsync(host.Database, "SELECT count(*) FROM contacts WHERE idempotency_key = $1", contact.IdempotencyKey));
    }

    [Fact]
    public async Task A_partner_sign_in_without_an_agency_is_refused_and_lists_nothing_not_even_the_publics_contacts()
    {
        var anonymous = Contact("", "WS1 1TP");
        anonymous.Referrer = new Referrer { ReferralSource = ReferralSource.Anonymous };
        await host.Client.SubmitContactAsync(anonymous, cancellationToken: Cancel);

        var list = await Assert.ThrowsAsync<RpcException>(() => host.ClientAs(Role.Partner, "").ListContactsAsync(new ListContactsRequest(), cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, list.StatusCode);
    }
}
