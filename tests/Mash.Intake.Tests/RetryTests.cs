using Grpc.Core;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Intake.V1;
using Mash.Testing;
using Xunit;

namespace Mash.Intake.Tests;

/// <summary>
/// AddInformation and RequestAgencyChecks sent again with their idempotency key (a retry after
/// UNAVAILABLE, a double click) change nothing twice and publish nothing twice.
/// </summary>
public sealed class RetryTests(IntakeHost host) : IClassFixture<IntakeHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Added_information_sent_again_with_its_key_is_added_once_and_announced_once()
    {
        var announced = await host.CaptureAsync<ContactInformationAdded>();
        var submitted = await host.Client.SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: Cancel);
        var addition = new AddInformationRequest
        {
            ContactId = submitted.ContactId,
            Text = "School reports the younger child arrived with a burn on the hand.",
            IdempotencyKey = Guid.NewGuid().ToString(),
        };

        // Five at once (retries racing the first), then one more after they all answered.
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => host.Client.AddInformationAsync(addition, cancellationToken: Cancel).ResponseAsync));
        var again = await host.Client.AddInformationAsync(addition, cancellationToken: Cancel);

        Assert.Single(answers.Append(again).Select(a => a.Information.InformationId).Distinct());
        Assert.Equal(again, answers[0]);
        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT count(*) FROM contact_additions WHERE contact_id = $1", Guid.Parse(submitted.ContactId)));
        var events = await CollectAsync<ContactInformationAdded>(announced, e => e.Header.ContactId == submitted.ContactId);
        Assert.Single(events);

        var different = addition.Clone();
        different.Text = "Another account.";
        var refused = await Assert.ThrowsAsync<RpcException>(() => host.Client.AddInformationAsync(different, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, refused.StatusCode);
        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT count(*) FROM contact_additions WHERE contact_id = $1", Guid.Parse(submitted.ContactId)));

        // Without a key a second call is a second addition, as before.
        addition.IdempotencyKey = "";
        await host.Client.AddInformationAsync(addition, cancellationToken: Cancel);
        await host.Client.AddInformationAsync(addition, cancellationToken: Cancel);
        Assert.Equal(3, await Sql.CountAsync(host.Database, "SELECT count(*) FROM contact_additions WHERE contact_id = $1", Guid.Parse(submitted.ContactId)));
    }

    [Fact]
    public async Task Agency_checks_asked_again_with_their_key_are_asked_once()
    {
        var requested = await host.CaptureAsync<AgencyChecksRequested>();
        var submitted = await host.TriagedContactAsync(TimeSpan.FromHours(8));
        var ask = new RequestAgencyChecksRequest { ContactId = submitted.ContactId, Agencies = { AgencyKind.Police, AgencyKind.Health }, IdempotencyKey = Guid.NewGuid().ToString() };

        var first = await host.Client.RequestAgencyChecksAsync(ask, cancellationToken: Cancel);
        var retried = await host.Client.RequestAgencyChecksAsync(ask, cancellationToken: Cancel);

        Assert.Equal(first.Checks.Select(c => c.CheckId), retried.Checks.Select(c => c.CheckId));
        Assert.Equal(2, await Sql.CountAsync(host.Database, "SELECT count(*) FROM agency_checks WHERE contact_id = $1", Guid.Parse(submitted.ContactId)));
        Assert.Single(await CollectAsync<AgencyChecksRequested>(requested, e => e.Header.ContactId == submitted.ContactId));
        var otherAgencies = ask.Clone();
        otherAgencies.Agencies.RemoveAt(1);
        Assert.Equal(StatusCode.AlreadyExists, (await Assert.ThrowsAsync<RpcException>(() => host.Client.RequestAgencyChecksAsync(otherAgencies, cancellationToken: Cancel).ResponseAsync)).StatusCode);
    }

    /// <summary>This contact's events from a capture queue: waits for the first, then a second longer for any duplicate.</summary>
    Task<List<T>> CollectAsync<T>(string queue, Func<T, bool> ours) where T : Google.Protobuf.IMessage<T>, new() =>
        host.CollectWithDuplicatesAsync(queue, ours, TimeSpan.FromSeconds(2), typeof(T).Name);
}
