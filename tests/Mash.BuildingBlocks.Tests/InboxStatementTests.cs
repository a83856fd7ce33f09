using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

/// <summary>A consumer whose effect is one statement with the inbox claim in it: a count that a second application would raise.</summary>
public sealed class CountingStatementConsumer(TestDbContext db, StatementGroups<TestDbContext> groups) : InboxStatementConsumer<ContactReceived, TestDbContext>(db, groups)
{
    protected override FormattableString Effect(ContactReceived message) => $"""
        INSERT INTO effect_counts (contact_id, applied) SELECT {message.Header.ContactId}, 1 WHERE EXISTS (SELECT FROM claimed)
        ON CONFLICT (contact_id) DO UPDATE SET applied = effect_counts.applied + 1
        """;
}

/// <summary>The bus host with the one-statement consumer, several deliveries consumed at once.</summary>
public sealed class StatementBusHost : BusHost
{
    protected override void AddConsumers(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<CountingStatementConsumer>().Endpoint(e => { e.Name = "bbtest-statement"; e.ConcurrentMessageLimit = 8; });
}

/// <summary>The inbox claim inside the effect's own statement: exactly once, with no transaction around it.</summary>
public sealed class InboxStatementTests(StatementBusHost host) : IClassFixture<StatementBusHost>
{
    [Fact]
    public async Task Copies_of_an_event_delivered_together_apply_its_statement_once()
    {
        var @event = Events.ContactReceived();
        var other = Events.ContactReceived();
        var bus = host.Services.GetRequiredService<IBus>();

        // Four copies at once (the outbox publishes at least once), consumed side by side, and another event.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => bus.Publish(@event, TestContext.Current.CancellationToken)).Append(bus.Publish(other, TestContext.Current.CancellationToken)));

        await Eventually.Until(() => Task.FromResult(host.Deliveries.Received.Count(m => m.Header.EventId == @event.Header.EventId)),
            n => n == 4, "the four copies to reach the consumer");
        await Eventually.Until(() => Applied(other), n => n == 1, "the other event's effect");
        Assert.Equal(1, await Applied(@event));
        Assert.Equal(1, await Sql.CountAsync(host.ConnectionString, "SELECT count(*) FROM inbox_messages WHERE message_id = $1 AND consumer = $2",
            Guid.Parse(@event.Header.EventId), nameof(CountingStatementConsumer)));
    }

    [Fact]
    public async Task A_statement_that_fails_fails_alone_and_the_others_sent_with_it_commit()
    {
        var groups = host.Services.GetRequiredService<StatementGroups<TestDbContext>>();
        var contacts = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid().ToString()).ToList();
        const string Count = "INSERT INTO effect_counts (contact_id, applied) VALUES ($1, 1)";

        // Handed over at once, so that they share groups; the one that divides by zero is refused by the server.
        var runs = contacts.Select(c => groups.RunAsync(Count, [c], TestContext.Current.CancellationToken)).ToList();
        var failing = groups.RunAsync("INSERT INTO effect_counts (contact_id, applied) VALUES ($1, 1 / $2)", [Guid.NewGuid().ToString(), 0], TestContext.Current.CancellationToken);

        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => failing);
        Assert.Equal("22012", refused.SqlState);
        await Task.WhenAll(runs);
        foreach (var contact in contacts)
            Assert.Equal(1, await Sql.CountAsync(host.ConnectionString, "SELECT coalesce(sum(applied), 0) FROM effect_counts WHERE contact_id = $1", contact));
    }

    Task<long> Applied(ContactReceived @event) =>
        Sql.CountAsync(host.ConnectionString, "SELECT coalesce(sum(applied), 0) FROM effect_counts WHERE contact_id = $1", @event.Header.ContactId);
}
