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
        var @event = Events.ContactReceived();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            db.AddEvent(@event);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await Eventually.Until(() => EffectsFor(@event.Header.ContactId), n => n == 1, "the consumer's effect");
        await Eventually.Until(() => Sql.CountAsync(host.ConnectionString, "SELECT count(*) FROM outbox_messages WHERE id = $1", Guid.Parse(@event.Header.EventId)),
            n => n == 0, "the outbox row to be deleted");
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
}
