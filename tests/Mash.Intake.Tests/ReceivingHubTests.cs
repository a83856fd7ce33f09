using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using Mash.Intake.Domain;
using Xunit;

namespace Mash.Intake.Tests;

/// <summary>Which hub receives a contact: the rule, case by case (<see cref="ReceivingHub"/>).</summary>
public sealed class ReceivingHubTests
{
    static readonly LocalityDirectory Localities = LocalityDirectory.Load(
    [
        ("walsall.yaml", "local_authority: walsall\nlocalities:\n  - { id: walsall-south, postcodes: [WS1] }\n"),
        ("wolverhampton.yaml", "local_authority: wolverhampton\nlocalities:\n  - { id: wolverhampton-city, postcodes: [WV1] }\n"),
    ]).Directory!;

    static readonly AgencyRegistry Agencies = AgencyRegistry.Load(
    [
        ("walsall.yaml", "local_authority: walsall\nagencies:\n  - { id: police, name: Police }\n  - { id: walsall-school, name: School }\n  - { id: far-la, name: Far LA }\n"),
        ("wolverhampton.yaml", "local_authority: wolverhampton\nagencies:\n  - { id: police, name: Police }\n  - { id: far-la, name: Far LA }\n"),
    ], Localities).Registry!;

    static Actor Partner(string agency, string authority = "") => new() { Subject = "p", Role = Role.Partner, Agency = agency, LocalAuthority = authority };

    static Actor Staff(Role role, string authority) => new() { Subject = "s", Role = role, LocalAuthority = authority };

    static ReceivingHub For(Actor caller, params string[] postcodes) => ReceivingHub.For(caller, postcodes, Agencies, Localities);

    [Theory]
    [InlineData(Role.Screener)]
    [InlineData(Role.Manager)]
    public void Staff_submit_to_their_own_authoritys_hub_wherever_the_children_live(Role role)
    {
        Assert.Equal(new ReceivingHub("wolverhampton", HubSource.StaffAuthority), For(Staff(role, "wolverhampton"), "WS1 1TP"));
    }

    [Theory]
    [InlineData("", "names no authority")]
    [InlineData("leeds", "'leeds' has no hub in Mash")]
    public void Staff_whose_sign_in_names_no_hub_of_Mash_are_refused(string authority, string why)
    {
        var hub = For(Staff(Role.Screener, authority), "WS1 1TP");

        Assert.False(hub.Found);
        Assert.Contains(why, hub.Precondition);
        Assert.Empty(hub.Violations);
    }

    [Fact]
    public void A_partner_signed_in_to_a_hub_its_agency_refers_to_submits_there()
    {
        Assert.Equal(new ReceivingHub("wolverhampton", HubSource.PartnerSignIn), For(Partner("police", "wolverhampton"), "WS1 1TP"));
    }

    [Theory]
    [InlineData("walsall-school", "wolverhampton")] // a sign-in naming a hub the agency does not refer to
    [InlineData("police", "")]                      // no authority claim at all
    [InlineData("unregistered-gp", "walsall")]      // an agency no hub lists
    public void Otherwise_the_first_child_whose_postcode_lies_in_an_authority_of_Mash_decides(string agency, string signIn)
    {
        Assert.Equal(new ReceivingHub("wolverhampton", HubSource.ChildPostcode), For(Partner(agency, signIn), "LS9 7AB", "WV1 1RL", "WS1 1TP"));
    }

    [Fact]
    public void Children_outside_every_authority_go_to_the_one_hub_the_agency_refers_to()
    {
        Assert.Equal(new ReceivingHub("walsall", HubSource.AgencyRegistration), For(Partner("walsall-school"), "LS9 7AB"));
    }

    [Theory]
    [InlineData("far-la", "refers to several hubs (walsall, wolverhampton)")]
    [InlineData("unregistered-gp", "is registered with no hub")]
    public void With_nothing_to_go_on_every_childs_postcode_is_named_in_the_refusal(string agency, string why)
    {
        var hub = For(Partner(agency), "LS9 7AB", "LS9 7AD");

        Assert.False(hub.Found);
        Assert.Equal(["children[0].address.postcode", "children[1].address.postcode"], hub.Violations.Select(v => v.Field));
        Assert.All(hub.Violations, v => Assert.Contains(why, v.Description));
    }
}
