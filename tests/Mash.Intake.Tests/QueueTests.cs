using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Intake.V1;
using Mash.Testing;
using Xunit;

namespace Mash.Intake.Tests;

/// <summary>The screener queue on real servers: most urgent first, filters, and paging by token.</summary>
public sealed class QueueTests(IntakeHost host) : IClassFixture<IntakeHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    async Task<SubmitContactResponse> SubmitAsync(string agency, string familyName)
    {
        var contact = SampleContacts.DomesticAbuseSiblings();
        contact.Referrer.Agency = agency;
        foreach (var child in contact.Children) child.FamilyName = familyName;
        return await host.Client.SubmitContactAsync(contact, cancellationToken: Cancel);
    }

    async Task TriageAsync(SubmitContactResponse contact, Rag rag, TimeSpan deadlineIn)
    {
        foreach (var child in contact.Children)
            await host.PublishAsync(new ChildTriaged
            {
                Header = new EventHeader { EventId = Guid.NewGuid().ToString(), OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow), ContactId = contact.ContactId, ChildId = child.ChildId, LocalAuthority = "walsall" },
                Locality = "walsall-south",
                Recommendation = new Recommendation { Rag = rag, Pathway = Pathway.ChildInNeed, Level = LevelOfNeed.Complex, DecisionDeadline = Timestamp.FromDateTime(DateTime.UtcNow + deadlineIn) },
            });
    }

    async Task<List<QueueItem>> AllPagesAsync(ListContactsRequest request)
    {
        var items = new List<QueueItem>();
        do
        {
            var page = await host.Client.ListContactsAsync(request, cancellationToken: Cancel);
            Assert.True(page.Items.Count <= Math.Max(request.PageSize, 1));
            items.AddRange(page.Items);
            request = request.Clone();
            request.PageToken = page.NextPageToken;
        } while (request.PageToken.Length > 0);
        return items;
    }

    [Fact]
    public async Task The_queue_is_ordered_by_decision_deadline_filters_and_pages_without_repeats()
    {
        var green = await SubmitAsync("queue-school", "Greenfamily");
        var red = await SubmitAsync("queue-police", "Redfamily");
        var untriaged = await SubmitAsync("queue-police", "Newfamily");
        await TriageAsync(green, Rag.Green, TimeSpan.FromDays(3));
        await TriageAsync(red, Rag.Red, TimeSpan.FromHours(4));
        await Eventually.Until(() => host.Client.ListContactsAsync(new ListContactsRequest { Statuses = { ChildStatus.Triaged } }, cancellationToken: Cancel).ResponseAsync,
            r => r.Items.Count == 4, "four triaged children");

        // Other tests of this class share the database: look only at this test's three contacts.
        HashSet<string> ours = [green.ContactId, red.ContactId, untriaged.ContactId];
        var all = (await host.Client.ListContactsAsync(new ListContactsRequest(), cancellationToken: Cancel)).Items.Where(i => ours.Contains(i.ContactId)).ToList();

        // Not yet triaged first (nobody has looked at it), then the red 4-hour deadline, then green.
        Assert.Equal([untriaged.ContactId, untriaged.ContactId, red.ContactId, red.ContactId, green.ContactId, green.ContactId], all.Select(i => i.ContactId));
        Assert.Equal(Rag.Red, all[2].Rag);
        Assert.Equal(Pathway.ChildInNeed, all[2].RecommendedPathway);
        Assert.Equal(ExpectedAges(), all.Where(i => i.ContactId == red.ContactId).Select(i => i.AgeYears).Order());

        var paged = (await AllPagesAsync(new ListContactsRequest { PageSize = 1 })).Where(i => ours.Contains(i.ContactId)).ToList();
        Assert.Equal(all.Select(i => (i.ContactId, i.ChildId)), paged.Select(i => (i.ContactId, i.ChildId)));

        async Task<List<QueueItem>> OursAsync(ListContactsRequest request) => (await ListAsync(request)).Where(i => ours.Contains(i.ContactId)).ToList();
        Assert.Equal([red.ContactId], (await OursAsync(new ListContactsRequest { Rags = { Rag.Red } })).Select(i => i.ContactId).Distinct());
        Assert.Equal([untriaged.ContactId], (await OursAsync(new ListContactsRequest { Statuses = { ChildStatus.Received } })).Select(i => i.ContactId).Distinct());
        Assert.Equal([green.ContactId], (await ListAsync(new ListContactsRequest { ReferrerAgency = "queue-school" })).Select(i => i.ContactId).Distinct());
        Assert.Equal(4, (await ListAsync(new ListContactsRequest { Locality = "walsall-south", LocalAuthority = "walsall" })).Count);
        var future = Timestamp.FromDateTime(DateTime.UtcNow.AddHours(1));
        Assert.Empty(await ListAsync(new ListContactsRequest { ReceivedFrom = future }));
        Assert.Equal(6, (await OursAsync(new ListContactsRequest { ReceivedTo = future })).Count);
    }

    [Fact]
    public async Task A_queue_row_shows_who_and_what_without_opening_the_contact()
    {
        var submitted = await SubmitAsync("queue-row", "Rowfamily");

        var rows = await ListAsync(new ListContactsRequest { ReferrerAgency = "queue-row" });

        Assert.Equal(2, rows.Count);
        var row = Assert.Single(rows, i => i.ChildId == submitted.Children[0].ChildId);
        Assert.Equal(("Testchild Rowfamily", ExpectedAge(SampleContacts.DomesticAbuseSiblings().Children[0].DateOfBirth), ChildStatus.Received, submitted.ContactId),
            (row.ChildDisplayName, row.AgeYears, row.Status, row.ContactId));
        Assert.Equal([ConcernCategory.DomesticAbuse], row.ConcernCategories);
    }

    [Fact]
    public async Task A_page_token_that_was_not_issued_is_refused()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.ListContactsAsync(new ListContactsRequest { PageToken = "not-a-token" }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    async Task<IList<QueueItem>> ListAsync(ListContactsRequest request) =>
        (await host.Client.ListContactsAsync(request, cancellationToken: Cancel)).Items;

    static int ExpectedAge(Date born) =>
        Mash.Intake.Domain.ChildAge.On(Mash.Intake.Domain.ChildAge.ToDateOnly(born), DateOnly.FromDateTime(DateTime.UtcNow)).Years;

    static IEnumerable<int> ExpectedAges() =>
        SampleContacts.DomesticAbuseSiblings().Children.Select(c => ExpectedAge(c.DateOfBirth)).Order();
}
