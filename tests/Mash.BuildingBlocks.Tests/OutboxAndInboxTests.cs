using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

/// <summary>The outbox on a real PostgreSQL and RabbitMQ, and the inbox that makes effects happen once.</summary>
public sealed class OutboxAndInboxTests(BusHost host) : IClassFixture<BusHost>
{
    [Fact]
    public async Task An_event_saved_with_a_change_is_published_and_leaves_the_outbox()
    {
        var @event = await SavedAndConsumedAsync();
        await Eventually.Until(() => Sql.CountAsync(host.ConnectionString, "SELECT count(*) FROM outbox_messages WHERE id = $1", Guid.Parse(@event.Header.EventId)),
            n => n == 0, "the outbox row to be deleted");
    }

    /// <summary>
    /// Why two connections: a publish stuck on a dropped connection can strand the channels after it
    /// (<see cref="StrandedChannelShutdownTests"/>), so the outbox's publishes never share the
    /// consumers' connection.
    /// </summary>
    [Fact]
    public async Task The_outbox_publishes_on_a_connection_of_its_own_and_the_consumers_receive_on_another()
    {
        await SavedAndConsumedAsync();

        var vhost = Uri.EscapeDataString(host.VirtualHost);
        var connections = (await host.ManagementGetAsync($"vhosts/{vhost}/connections")).EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("client_properties").GetProperty("connection_name").GetString());
        // Publish counts reach the management API with its statistics, every few seconds.
        var channels = await Eventually.Until(
            async () => (await host.ManagementGetAsync($"vhosts/{vhost}/channels")).EnumerateArray().Select(c => (
                Connection: connections.GetValueOrDefault(c.GetProperty("connection_details").GetProperty("name").GetString()!),
                Consumers: c.GetProperty("consumer_count").GetInt32(),
                Published: c.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty("publish", out var published) ? published.GetInt64() : 0)).ToList(),
            list => list.Any(c => c.Connection == "bbtest-publishing" && c.Published > 0), "the outbox's publish to show in the broker's statistics", TimeSpan.FromSeconds(30));

        // (Other tests of this class publish through the consumers' bus directly, so publishes may show there too.)
        Assert.Equal(["bbtest"], channels.Where(c => c.Consumers > 0).Select(c => c.Connection).Distinct());
    }

    [Fact]
    public async Task An_event_delivered_twice_has_its_effect_once()
    {
        var @event = Events.ContactReceived();
        var bus = host.Services.GetRequiredService<IBus>();

        // The outbox re-publishes with the same MessageId after a crash between publish and delete.
        await bus.Publish(@event, TestContext.Current.CancellationToken);
        await bus.Publish(@event, TestContext.Current.CancellationToken);

        await Eventually.Until(() => Task.FromResult(host.Deliveries.Received.Count(m => m.Header.EventId == @event.Header.EventId)),
            n => n == 2, "both deliveries to reach the consumer");
        Assert.Equal(1, await EffectsFor(@event.Header.ContactId));
        Assert.Equal(1, await Sql.CountAsync(host.ConnectionString, "SELECT count(*) FROM inbox_messages WHERE message_id = $1", Guid.Parse(@event.Header.EventId)));
    }

    Task<long> EffectsFor(string contactId) =>
        Sql.CountAsync(host.ConnectionString, "SELECT count(*) FROM effects WHERE contact_id = $1", contactId);

    /// <summary>An event saved with a change, through the outbox to the consumer: waits for its effect.</summary>
    async Task<Mash.Contracts.Events.V1.ContactReceived> SavedAndConsumedAsync()
    {
        var @event = Events.ContactReceived();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            db.AddEvent(@event);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        await Eventually.Until(() => EffectsFor(@event.Header.ContactId), n => n == 1, "the consumer's effect");
        return @event;
    }
}
