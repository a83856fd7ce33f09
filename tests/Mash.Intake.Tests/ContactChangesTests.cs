using Grpc.Core;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Intake.V1;
using Mash.Testing;
using Xunit;

namespace Mash.Intake.Tests;

/// <summary>Information added to an open contact, and a contact withdrawn before a decision.</summary>
public sealed class ContactChangesTests(IntakeHost host) : IClassFixture<IntakeHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Added_information_is_kept_and_the_rules_get_the_whole_contact_again()
    {
        var published = await host.CaptureAsync<ContactInformationAdded>();
        var submitted = await host.Client.SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: Cancel);

        await host.Client.AddInformationAsync(new AddInformationRequest
        {
            ContactId = submitted.ContactId,
            Text = "  School reports the younger child arrived with a burn on the hand.  ",
            Concerns = { new Concern { Category = ConcernCategory.PhysicalAbuseAdultOnChild, Subject = ConcernSubject.Child, ChildIndexes = { 1 } } },
            ImmediateRisk = true,
        }, cancellationToken: Cancel);

        var contact = (await host.Client.GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: Cancel)).Contact;
        Assert.Equal("School reports the younger child arrived with a burn on the hand.", Assert.Single(contact.Additions).Text);
        var facts = (await Eventually.Until(() => host.DrainAsync<ContactInformationAdded>(published), m => m.Count > 0, "ContactInformationAdded")).Single().Facts;
        Assert.True(facts.ImmediateRisk);
        Assert.Equal([1, 2], facts.Children.Select(c => c.Concerns.Count));
        Assert.Equal(submitted.Children.Select(c => c.ChildId), facts.Children.Select(c => c.ChildId));
    }

    [Fact]
    public async Task A_screener_adds_risk_facts_the_rules_get_them_and_the_referrer_sees_only_its_own()
    {
        var published = await host.CaptureAsync<ContactInformationAdded>();
        var police = host.ClientAs(Role.Partner, "wmp");
        var submitted = await police.SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: Cancel);

        await host.Client.AddInformationAsync(new AddInformationRequest
        {
            ContactId = submitted.ContactId,
            DomesticAbuseRisk = DomesticAbuseRisk.Marac,
            ChildRisks = { new ChildRisk { ChildIndex = 1, NotIndependentlyMobile = true } },
        }, cancellationToken: Cancel);

        var facts = (await Eventually.Until(() => host.DrainAsync<ContactInformationAdded>(published), m => m.Any(e => e.Header.ContactId == submitted.ContactId), "ContactInformationAdded"))
            .Single(e => e.Header.ContactId == submitted.ContactId).Facts;
        Assert.Equal(DomesticAbuseRisk.Marac, facts.DomesticAbuseRisk);
        Assert.Equal([false, true], facts.Children.Select(c => c.NotIndependentlyMobile));
        var staff = (await host.Client.GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: Cancel)).Contact;
        Assert.Equal((DomesticAbuseRisk.Marac, true), (staff.DomesticAbuseRisk, staff.Children[1].Child.NotIndependentlyMobile));
        var referrer = (await police.GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: Cancel)).Contact;
        Assert.Equal((DomesticAbuseRisk.Unspecified, false), (referrer.DomesticAbuseRisk, referrer.Children[1].Child.NotIndependentlyMobile));
    }

    [Fact]
    public async Task An_addition_with_nothing_in_it_or_about_a_missing_child_is_refused()
    {
        var submitted = await host.Client.SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: Cancel);

        var empty = await Assert.ThrowsAsync<RpcException>(() => host.Client.AddInformationAsync(new AddInformationRequest { ContactId = submitted.ContactId }, cancellationToken: Cancel).ResponseAsync);
        var missingChild = await Assert.ThrowsAsync<RpcException>(() => host.Client.AddInformationAsync(new AddInformationRequest
        {
            ContactId = submitted.ContactId,
            Concerns = { new Concern { Category = ConcernCategory.Neglect, ChildIndexes = { 2 } } },
        }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, StatusCode.InvalidArgument), (empty.StatusCode, missingChild.StatusCode));
        Assert.Contains("concerns[0].child_indexes[0]", missingChild.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task A_withdrawn_contact_says_why_its_children_show_withdrawn_and_it_takes_no_more_changes()
    {
        var published = await host.CaptureAsync<ContactWithdrawn>();
        var submitted = await host.Client.SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: Cancel);

        await host.Client.WithdrawContactAsync(new WithdrawContactRequest { ContactId = submitted.ContactId, Reason = "Sent in error: wrong family." }, cancellationToken: Cancel);

        var contact = (await host.Client.GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: Cancel)).Contact;
        Assert.Equal("Sent in error: wrong family.", contact.WithdrawalReason);
        Assert.NotNull(contact.WithdrawnAt);
        Assert.All(contact.Children, c => Assert.Equal(ChildStatus.Withdrawn, c.Status));
        var withdrawn = (await Eventually.Until(() => host.DrainAsync<ContactWithdrawn>(published), m => m.Count > 0, "ContactWithdrawn")).Single();
        Assert.Equal(submitted.Children.Select(c => c.ChildId), withdrawn.ChildIds);

        var again = await Assert.ThrowsAsync<RpcException>(() => host.Client.WithdrawContactAsync(new WithdrawContactRequest { ContactId = submitted.ContactId, Reason = "again" }, cancellationToken: Cancel).ResponseAsync);
        var addition = await Assert.ThrowsAsync<RpcException>(() => host.Client.AddInformationAsync(new AddInformationRequest { ContactId = submitted.ContactId, Text = "More." }, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, StatusCode.FailedPrecondition), (again.StatusCode, addition.StatusCode));
    }

    [Fact]
    public async Task Withdrawal_needs_a_reason_and_an_existing_contact()
    {
        var noReason = await Assert.ThrowsAsync<RpcException>(() => host.Client.WithdrawContactAsync(new WithdrawContactRequest { ContactId = Guid.NewGuid().ToString() }, cancellationToken: Cancel).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => host.Client.WithdrawContactAsync(new WithdrawContactRequest { ContactId = Guid.NewGuid().ToString(), Reason = "Wrong family." }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, StatusCode.NotFound), (noReason.StatusCode, unknown.StatusCode));
    }
}
