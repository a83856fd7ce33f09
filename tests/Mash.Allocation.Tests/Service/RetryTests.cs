using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using static Mash.Allocation.Tests.Service.AllocationHost;
using static Mash.Allocation.Tests.Service.Fixtures;
using static Mash.Allocation.Tests.Service.Routings;

namespace Mash.Allocation.Tests.Service;

/// <summary>
/// A visit, a strategy discussion and a conference sent again with their idempotency key (a retry
/// after UNAVAILABLE, a double click) are recorded and announced once, and the retry gets the first
/// answer; the same key with something else is ALREADY_EXISTS.
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class RetryTests(AllocationHost host)
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    async Task<Contracts.Allocation.V1.Allocation> OpenAsync(Pathway pathway, DateTimeOffset routedAt)
    {
        var routed = Child(Postcode(pathway == Pathway.ChildProtection ? "cp" : "casework"), pathway, routedAt);
        await host.RouteAsync(routed);
        return await host.CaseOfAsync(routed);
    }

    /// <summary>This case's events: waits for the first, then two seconds more for any duplicate.</summary>
    Task<List<T>> AnnouncedAsync<T>(string queue, Func<T, bool> ours) where T : IMessage<T>, new() =>
        host.CollectWithDuplicatesAsync(queue, ours, TimeSpan.FromSeconds(2), typeof(T).Name);

    [Fact]
    public async Task A_visit_sent_again_with_its_key_is_one_visit()
    {
        var seen = await host.CaptureAsync<ChildSeenRecorded>();
        var open = await OpenAsync(Pathway.ChildInNeed, London(2026, 5, 22, 10));
        var visit = new RecordChildSeenRequest
        {
            AllocationId = open.AllocationId, SeenAt = Timestamp.FromDateTimeOffset(London(2026, 6, 1, 9)), SeenAlone = true, IdempotencyKey = Guid.NewGuid().ToString(),
        };

        var racing = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => host.Client.RecordChildSeenAsync(visit, cancellationToken: Cancel).ResponseAsync));
        var again = await host.Client.RecordChildSeenAsync(visit, cancellationToken: Cancel);

        Assert.All(racing, r => Assert.Equal(again, r));
        Assert.Single(again.Allocation.Visits);
        Assert.Single((await host.Client.GetAllocationAsync(new GetAllocationRequest { AllocationId = open.AllocationId }, cancellationToken: Cancel)).Allocation.Visits);
        Assert.Single(await AnnouncedAsync<ChildSeenRecorded>(seen, e => e.AllocationId == open.AllocationId));

        var other = visit.Clone();
        other.SeenAlone = false;
        await RefusedAsync(() => host.Client.RecordChildSeenAsync(other, cancellationToken: Cancel).ResponseAsync, StatusCode.AlreadyExists);
    }

    [Fact]
    public async Task A_strategy_discussion_and_a_conference_sent_again_with_their_keys_are_recorded_once()
    {
        var (discussed, conferred) = (await host.CaptureAsync<StrategyDiscussionRecorded>(), await host.CaptureAsync<InitialConferenceRecorded>());
        var open = await OpenAsync(Pathway.ChildProtection, London(2026, 4, 2, 10));
        var discussion = new RecordStrategyDiscussionRequest
        {
            AllocationId = open.AllocationId,
            HeldAt = Timestamp.FromDateTimeOffset(London(2026, 4, 2, 15)),
            Outcome = StrategyOutcome.Section47Enquiry,
            InitialConferenceDate = new Date { Year = 2026, Month = 4, Day = 24 },
            IdempotencyKey = Guid.NewGuid().ToString(),
        };
        discussion.Participants.AddRange(new[] { AgencyKind.Police, AgencyKind.Health, AgencyKind.ChildrensSocialCare }
            .Select(a => new Participant { AgencyKind = a, Agency = a.ToString().ToLowerInvariant(), Name = "Sam Example", Role = "officer" }));

        var first = await host.Client.RecordStrategyDiscussionAsync(discussion, cancellationToken: Cancel);
        var retried = await host.Client.RecordStrategyDiscussionAsync(discussion, cancellationToken: Cancel);
        Assert.Equal(first, retried);
        Assert.Single(retried.Allocation.StrategyDiscussions);
        Assert.Single(await AnnouncedAsync<StrategyDiscussionRecorded>(discussed, e => e.AllocationId == open.AllocationId));

        var conference = new RecordInitialConferenceRequest
        {
            AllocationId = open.AllocationId,
            HeldAt = Timestamp.FromDateTimeOffset(London(2026, 4, 24, 10)),
            Outcome = ConferenceOutcome.ChildProtectionPlan,
            IdempotencyKey = Guid.NewGuid().ToString(),
        };
        var held = await host.Manager.RecordInitialConferenceAsync(conference, cancellationToken: Cancel);
        // Without the key a second conference is refused (one per case); with it, the retry is answered as the first.
        var heldAgain = await host.Manager.RecordInitialConferenceAsync(conference, cancellationToken: Cancel);
        Assert.Equal(held, heldAgain);
        Assert.Single(await AnnouncedAsync<InitialConferenceRecorded>(conferred, e => e.AllocationId == open.AllocationId));

        // A key is the caller's own: the same key from another person is their own call (refused here on its merits).
        await RefusedAsync(() => host.Client.RecordInitialConferenceAsync(conference, cancellationToken: Cancel).ResponseAsync, StatusCode.FailedPrecondition);
    }
}
