using System.Collections.Concurrent;
using System.Runtime.Serialization;
using Google.Protobuf;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.Cli.Errors;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

/// <summary>The contacts whose events <see cref="FlakyConsumer"/> fails, until a test lets them through.</summary>
public sealed class FailingContacts
{
    public ConcurrentDictionary<string, byte> Ids { get; } = new();
}

/// <summary>An inbox consumer with a database effect that fails the contacts it is told to.</summary>
public sealed class FlakyConsumer(TestDbContext db, FailingContacts failing) : InboxConsumer<ContactReceived, TestDbContext>(db)
{
    protected override Task Handle(ContactReceived message, CancellationToken cancellationToken)
    {
        // An exception the bus does not retry, so the message reaches the error queue at once rather
        // than after the three minutes of retries any other fault gets.
        if (failing.Ids.ContainsKey(message.Header.ContactId))
            throw new SerializationException("The test set this contact to fail\nsecond line of the message");
        Db.Effects.Add(new Effect { EventId = message.EventId(), ContactId = message.Header.ContactId });
        return Task.CompletedTask;
    }
}

/// <summary>A bus whose one endpoint, <see cref="Queue"/>, fails what the test says, to fill its error queue.</summary>
public sealed class ErrorQueueHost : BusHost
{
    public const string FlakyQueue = "bbtest-flaky";
    public const string ErrorQueue = FlakyQueue + "_error";

    public FailingContacts Failing => Services.GetRequiredService<FailingContacts>();

    public ErrorQueueClient Client => new(new Broker(new RabbitMqOptions
    {
        Host = Servers.RabbitHost, Port = (ushort)Servers.RabbitPort, VirtualHost = VirtualHost,
        Username = Servers.RabbitUser, Password = Servers.RabbitPassword,
    }, Servers.RabbitManagementPort));

    protected override void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddSingleton<FailingContacts>();
        bus.AddConsumer<FlakyConsumer>().Endpoint(e => e.Name = FlakyQueue);
    }

    /// <summary>Publishes events as the outbox does (MessageId = event id) that the consumer fails; returns once all are in the error queue.</summary>
    public async Task<List<ContactReceived>> FailAsync(int count)
    {
        var events = Enumerable.Range(0, count).Select(_ => Events.ContactReceived()).ToList();
        var before = await QueueDepthAsync(ErrorQueue);
        foreach (var e in events)
        {
            Failing.Ids[e.Header.ContactId] = 0;
            await PublishAsOutboxAsync(e);
        }
        await Eventually.Until(() => QueueDepthAsync(ErrorQueue), depth => depth >= before + count, $"{count} messages in {ErrorQueue}");
        return events;
    }

    public Task PublishAsOutboxAsync(ContactReceived e) =>
        Services.GetRequiredService<IBus>().Publish(e, context => context.MessageId = Guid.Parse(e.Header.EventId), TestContext.Current.CancellationToken);

    public Task<long> EffectsAsync(ContactReceived e) =>
        Sql.CountAsync(ConnectionString, "SELECT count(*) FROM effects WHERE event_id = $1", Guid.Parse(e.Header.EventId));

    /// <summary>The MessageIds waiting in the error queue (read, and left there).</summary>
    public async Task<HashSet<string?>> WaitingAsync() =>
        (await Client.ReadAsync(ErrorQueue, TestContext.Current.CancellationToken)).Select(m => m.MessageId).ToHashSet();
}

/// <summary>
/// mash-cli errors (deploy/mash errors) against a real broker: what an error queue holds, read from
/// MassTransit's fault headers without taking anything away, and replays that lose nothing and
/// whose copies the inbox drops.
/// </summary>
public sealed class ErrorQueueTests(ErrorQueueHost host) : IClassFixture<ErrorQueueHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_listing_shows_type_first_exception_line_count_and_oldest_and_leaves_the_messages_in_place()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        var failed = await host.FailAsync(2);
        var unknownId = Guid.NewGuid().ToString();
        var depth = await host.QueueDepthAsync(ErrorQueueHost.ErrorQueue);
        await host.PublishRawAsync(ErrorQueueHost.FlakyQueue, Events.ContactReceived().ToByteArray(), "mash.events.v1.NoSuchEvent", unknownId);
        await Eventually.Until(() => host.QueueDepthAsync(ErrorQueueHost.ErrorQueue), d => d == depth + 1, "the unreadable message in the error queue");
        depth++;

        Assert.Contains(ErrorQueueHost.ErrorQueue, await host.Client.ErrorQueueNamesAsync(Cancel));
        var messages = await host.Client.ReadAsync(ErrorQueueHost.ErrorQueue, Cancel);

        var ids = failed.Select(e => e.Header.EventId).ToHashSet();
        var ours = messages.Where(m => ids.Contains(m.MessageId!)).ToList();
        Assert.Equal(2, ours.Count);
        var group = Assert.Single(FailureGroup.Of(ours));
        Assert.Equal((ErrorQueueHost.ErrorQueue, ContactReceived.Descriptor.FullName, 2), (group.ErrorQueue, group.MessageType, group.Count));
        Assert.Equal("System.Runtime.Serialization.SerializationException: The test set this contact to fail", group.Exception);
        Assert.InRange(group.Oldest!.Value, before, DateTimeOffset.UtcNow.AddSeconds(5));

        var unknown = messages.Single(m => m.MessageId == unknownId);
        Assert.Equal("mash.events.v1.NoSuchEvent", unknown.MessageType);
        Assert.Contains("Unknown protobuf message type 'mash.events.v1.NoSuchEvent'", unknown.Exception);

        // Reading took nothing away.
        Assert.Equal(depth, await host.QueueDepthAsync(ErrorQueueHost.ErrorQueue));
    }

    [Fact]
    public async Task A_replay_sends_failed_messages_back_and_the_inbox_drops_a_copy_already_handled()
    {
        var failed = await host.FailAsync(2);
        var (fresh, handled) = (failed[0], failed[1]);
        foreach (var e in failed) host.Failing.Ids.TryRemove(e.Header.ContactId, out _);
        // A copy of the second arrives again and is handled (an outbox re-publish, or a replay cut short).
        await host.PublishAsOutboxAsync(handled);
        await Eventually.Until(() => host.EffectsAsync(handled), n => n == 1, "the copy's effect");

        var result = await host.Client.ReplayAsync(ErrorQueueHost.FlakyQueue, messageId: null, Cancel);

        Assert.Equal((ErrorQueueHost.ErrorQueue, ErrorQueueHost.FlakyQueue), (result.ErrorQueue, result.Queue));
        Assert.Contains(fresh.Header.EventId, result.Replayed);
        Assert.Contains(handled.Header.EventId, result.Replayed);
        await Eventually.Until(() => host.EffectsAsync(fresh), n => n == 1, "the replayed message's effect");
        // The replayed copy of the handled one was delivered (the copy, then the replay) and had no second effect.
        await Eventually.Until(() => Task.FromResult(host.Deliveries.Received.Count(m => m.Header.EventId == handled.Header.EventId)),
            n => n == 2, "the replayed copy to reach the consumer");
        Assert.Equal(1, await host.EffectsAsync(handled));
        var waiting = await host.WaitingAsync();
        Assert.DoesNotContain(fresh.Header.EventId, waiting);
        Assert.DoesNotContain(handled.Header.EventId, waiting);
    }

    [Fact]
    public async Task A_replay_by_message_id_sends_that_message_only()
    {
        var failed = await host.FailAsync(2);
        var (chosen, other) = (failed[0], failed[1]);
        host.Failing.Ids.TryRemove(chosen.Header.ContactId, out _);

        var result = await host.Client.ReplayAsync(ErrorQueueHost.ErrorQueue, chosen.Header.EventId, Cancel);

        Assert.Equal([chosen.Header.EventId], result.Replayed);
        await Eventually.Until(() => host.EffectsAsync(chosen), n => n == 1, "the chosen message's effect");
        var waiting = await host.WaitingAsync();
        Assert.Contains(other.Header.EventId, waiting);
        Assert.DoesNotContain(chosen.Header.EventId, waiting);
        Assert.Equal(0, await host.EffectsAsync(other));
    }

    [Fact]
    public async Task A_queue_that_is_not_there_is_a_clear_error_and_nothing_is_created()
    {
        var error = await Assert.ThrowsAsync<QueueNotFoundException>(() => host.Client.ReplayAsync("bbtest-nothing", null, Cancel));
        Assert.Contains("bbtest-nothing_error", error.Message);
        Assert.DoesNotContain("bbtest-nothing_error", await host.Client.ErrorQueueNamesAsync(Cancel));
    }
}
