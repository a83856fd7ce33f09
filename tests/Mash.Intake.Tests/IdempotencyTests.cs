using Grpc.Core;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Intake.V1;
using Mash.Testing;
using Xunit;

namespace Mash.Intake.Tests;

/// <summary>A partner's retries never make a second contact or a second event.</summary>
public sealed class IdempotencyTests(IntakeHost host) : IClassFixture<IntakeHost>
{
    [Fact]
    public async Task Twenty_concurrent_identical_submissions_make_one_contact_and_one_ContactReceived()
    {
        var published = await host.CaptureAsync<ContactReceived>();
        var contact = SampleContacts.DomesticAbuseSiblings();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            host.Client.SubmitContactAsync(contact, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync));

        Assert.Single(responses.Select(r => r.ContactId).Distinct());
        Assert.Single(responses, r => !r.Replayed);
        Assert.All(responses, r => Assert.Equal(responses[0].Children.Select(c => c.ChildId), r.Children.Select(c => c.ChildId)));
        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT count(*) FROM contacts WHERE idempotency_key = $1", contact.IdempotencyKey));
        // Other tests of this class share the database and the bus; their events may still be on
        // their way, so count only this contact's.
        var contactId = responses[0].ContactId;
        Assert.Single(await host.CollectWithDuplicatesAsync<ContactReceived>(published, e => e.Header.ContactId == contactId, TimeSpan.FromSeconds(1), "ContactReceived to be published"));
    }

    [Fact]
    public async Task The_same_key_with_a_different_contact_is_refused()
    {
        var first = SampleContacts.DomesticAbuseSiblings();
        await host.Client.SubmitContactAsync(first, cancellationToken: TestContext.Current.CancellationToken);
        var second = first.Clone();
        second.Narrative = "A different account of what happened.";

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.SubmitContactAsync(second, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT count(*) FROM contacts WHERE idempotency_key = $1", first.IdempotencyKey));
    }

    [Fact]
    public async Task The_same_key_from_another_agency_is_another_contact()
    {
        var police = SampleContacts.DomesticAbuseSiblings();
        var school = police.Clone();
        school.Referrer.Agency = "walsall-school-17";

        var a = await host.Client.SubmitContactAsync(police, cancellationToken: TestContext.Current.CancellationToken);
        var b = await host.Client.SubmitContactAsync(school, cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEqual(a.ContactId, b.ContactId);
        Assert.False(b.Replayed);
    }
}
