using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Intake.V1;
using Mash.Testing;
using Xunit;

namespace Mash.Intake.Tests;

/// <summary>
/// What intake learns from early help: a family that declines early help shows on the screener's
/// queue with that outcome, and a manager may submit a step-up contact (and only that).
/// </summary>
public sealed class EarlyHelpOutcomeTests(IntakeHost host) : IClassFixture<IntakeHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_declined_early_help_offer_shows_on_the_child_for_staff_and_not_in_the_referrers_view()
    {
        var submitted = await host.ClientAs(Role.Partner, "wmp").SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: Cancel);
        var (contactId, childId) = (submitted.ContactId, submitted.Children[0].ChildId);
        await host.PublishAsync(new ChildRouted { Header = Header(contactId, childId), Pathway = Pathway.EarlyHelp, Locality = "walsall-south" });
        await Eventually.Until(() => ChildAsync(contactId), c => c.Status == ChildStatus.Routed, "the child to be routed");

        await host.PublishAsync(new EpisodeClosed { Header = Header(contactId, ""), EpisodeId = Guid.NewGuid().ToString(), ChildIds = { childId }, Outcome = EpisodeOutcome.ConsentDeclined });

        var child = await Eventually.Until(() => ChildAsync(contactId), c => c.Status == ChildStatus.Closed, "the episode's closure to reach the child");
        Assert.Equal((EpisodeOutcome.ConsentDeclined, Pathway.EarlyHelp), (child.EarlyHelpOutcome, child.Pathway));
        var queue = await host.Client.ListContactsAsync(new ListContactsRequest { Statuses = { ChildStatus.Closed }, Locality = "walsall-south" }, cancellationToken: Cancel);
        Assert.Equal(EpisodeOutcome.ConsentDeclined, queue.Items.Single(i => i.ChildId == childId).EarlyHelpOutcome);
        // The sibling was never routed to early help: nothing to show.
        Assert.Equal(EpisodeOutcome.Unspecified, (await host.Client.GetContactAsync(new GetContactRequest { ContactId = contactId }, cancellationToken: Cancel)).Contact.Children[1].EarlyHelpOutcome);

        var partner = host.ClientAs(Role.Partner, "wmp");
        Assert.Equal(EpisodeOutcome.Unspecified, (await partner.GetContactAsync(new GetContactRequest { ContactId = contactId }, cancellationToken: Cancel)).Contact.Children[0].EarlyHelpOutcome);
        Assert.All((await partner.ListContactsAsync(new ListContactsRequest(), cancellationToken: Cancel)).Items, i => Assert.Equal(EpisodeOutcome.Unspecified, i.EarlyHelpOutcome));
    }

    [Fact]
    public async Task A_manager_submits_nothing_but_a_step_up_early_help_confirms_and_a_partner_no_step_up()
    {
        var manager = host.ClientAs(Role.Manager);
        var plain = SampleContacts.DomesticAbuseSiblings();
        var error = await Assert.ThrowsAsync<RpcException>(() => manager.SubmitContactAsync(plain, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);

        // An episode id of the manager's own invention: intake asks early help, which this host does
        // not run, so the contact cannot be confirmed and is not stored (early help's own tests show
        // the invented and the real-but-idle episode refused once early help answers).
        var stepUp = SampleContacts.DomesticAbuseSiblings();
        stepUp.StepUpEpisodeId = Guid.NewGuid().ToString();
        stepUp.Referrer = new Referrer { AgencyName = "Early help, walsall", AgencyKind = AgencyKind.EarlyHelp, ReferralSource = ReferralSource.EarlyHelp, Name = "Early help service" };
        var unconfirmed = await Assert.ThrowsAsync<RpcException>(() => manager.SubmitContactAsync(stepUp, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, unconfirmed.StatusCode);
        Assert.Equal(0, await Sql.CountAsync(host.Database, "SELECT count(*) FROM contacts WHERE idempotency_key = $1", stepUp.IdempotencyKey));

        var fromPartner = SampleContacts.DomesticAbuseSiblings();
        fromPartner.StepUpEpisodeId = Guid.NewGuid().ToString();
        var partner = await Assert.ThrowsAsync<RpcException>(() => host.ClientAs(Role.Partner, "wmp").SubmitContactAsync(fromPartner, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, partner.StatusCode);
        Assert.Equal(0, await Sql.CountAsync(host.Database, "SELECT count(*) FROM contacts WHERE idempotency_key = $1", fromPartner.IdempotencyKey));
    }

    async Task<ContactChild> ChildAsync(string contactId) =>
        (await host.Client.GetContactAsync(new GetContactRequest { ContactId = contactId }, cancellationToken: Cancel)).Contact.Children[0];

    static EventHeader Header(string contactId, string childId) => new()
    {
        EventId = Guid.NewGuid().ToString(),
        OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow),
        ContactId = contactId,
        ChildId = childId,
        LocalAuthority = "walsall",
        Actor = new Actor { Subject = "earlyhelp", Role = Role.System },
    };
}
