using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Intake.V1;
using Mash.Testing;
using Xunit;

namespace Mash.Intake.Tests;

/// <summary>Every read of a child's record by a person publishes RecordViewed (audit puts it in the child's trail).</summary>
public sealed class RecordViewedTests(IntakeHost host) : IClassFixture<IntakeHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reading_a_contact_records_who_read_which_children()
    {
        var views = await host.CaptureAsync<RecordViewed>();
        var submitted = await host.ClientAs(Role.Partner, "wmp").SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: Cancel);
        var children = submitted.Children.Select(c => c.ChildId).ToList();

        await host.ClientAs(Role.Manager).GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: Cancel);
        await host.ClientAs(Role.Partner, "wmp").GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: Cancel);

        var recorded = await host.CollectAsync<RecordViewed>(views, v => v.Header.ContactId == submitted.ContactId, 2, "both reads");
        Assert.Equal([Role.Partner, Role.Manager], recorded.Select(v => v.Header.Actor.Role).Order());
        Assert.All(recorded, v =>
        {
            Assert.Equal(children, v.ChildIds);
            Assert.Equal(("intake", "mash.intake.v1.IntakeService/GetContact", "walsall", ""), (v.Service, v.Method, v.Header.LocalAuthority, v.Header.ChildId));
        });
        Assert.Equal("wmp", recorded.Single(v => v.Header.Actor.Role == Role.Partner).Header.Actor.Agency);
    }

    [Fact]
    public async Task A_page_of_the_queue_is_one_read_of_the_children_it_shows_and_a_refused_read_records_nothing()
    {
        var views = await host.CaptureAsync<RecordViewed>();
        var submitted = await host.Client.SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: Cancel);

        var page = await host.ClientAs(Role.Screener).ListContactsAsync(new ListContactsRequest { PageSize = 200 }, cancellationToken: Cancel);
        Assert.Contains(page.Items, i => i.ContactId == submitted.ContactId);
        var listed = (await host.CollectAsync<RecordViewed>(views, v => v.Method.EndsWith("/ListContacts", StringComparison.Ordinal), 1, "the queue read")).Single();
        Assert.Equal(page.Items.Select(i => i.ChildId).Distinct(), listed.ChildIds);

        // Another authority's manager is told the contact does not exist, and has read nothing.
        await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() => host.ClientAs(Role.Manager, authority: "wolverhampton")
            .GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: Cancel).ResponseAsync);
        await host.ClientAs(Role.Screener).GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: Cancel);
        var after = await host.CollectAsync<RecordViewed>(views, v => v.Header.ContactId == submitted.ContactId, 1, "the screener's read");
        Assert.Equal([Role.Screener], after.Select(v => v.Header.Actor.Role));
    }
}
