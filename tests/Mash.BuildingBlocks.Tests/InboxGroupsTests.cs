using System.Collections.Concurrent;
using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

/// <summary>Counts each event's effect (a second application would raise it) and remembers what each group handled.</summary>
public sealed class CountingGroups(IServiceScopeFactory scopes) : InboxGroups<ContactReceived, TestDbContext>(scopes, NullLogger.Instance, nameof(CountingGroups), 64)
{
    public const string Poison = "poison";

    public ConcurrentQueue<IReadOnlyList<string>> Handled { get; } = new();

    protected override async Task HandleAsync(IServiceProvider services, IReadOnlyList<ContactReceived> events, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<TestDbContext>();
        Handled.Enqueue(events.Select(e => e.Header.ContactId).ToList());
        foreach (var @event in events)
        {
            if (@event.Header.ContactId == Poison) throw new InvalidOperationException("an event this consumer cannot apply");
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO effect_counts (contact_id, applied) VALUES ({@event.Header.ContactId}, 1)
                ON CONFLICT (contact_id) DO UPDATE SET applied = effect_counts.applied + 1
                """, cancellationToken);
        }
    }
}

/// <summary>
/// Events handled in groups with their inbox claims: each once, in order, and one that fails fails
/// alone. The writer starts after every event is handed over, so they all share its first group.
/// </summary>
public sealed class InboxGroupsTests(StatementBusHost host) : IClassFixture<StatementBusHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Copies_of_an_event_in_one_group_are_handled_once_in_the_order_they_came()
    {
        var (first, second) = (Events.ContactReceived(), Events.ContactReceived());
        await using var groups = new GroupsRunning(new CountingGroups(host.Services.GetRequiredService<IServiceScopeFactory>()));

        var handed = new[] { first, second, first, first }
            .Select(e => groups.Writer.ApplyOnceAsync(e, Guid.Parse(e.Header.EventId), Cancel)).ToList();
        await groups.StartAsync(Cancel);
        await Task.WhenAll(handed);

        Assert.Equal([first.Header.ContactId, second.Header.ContactId], Assert.Single(groups.Writer.Handled));
        Assert.Equal(1, await Applied(first.Header.ContactId));
        Assert.Equal(1, await Applied(second.Header.ContactId));
        Assert.Equal(1, await Sql.CountAsync(host.ConnectionString, "SELECT count(*) FROM inbox_messages WHERE message_id = $1 AND consumer = $2",
            Guid.Parse(first.Header.EventId), nameof(CountingGroups)));

        // Delivered again later (the outbox publishes at least once): claimed before, so not handled.
        await groups.Writer.ApplyOnceAsync(first, Guid.Parse(first.Header.EventId), Cancel);
        Assert.Single(groups.Writer.Handled);
        Assert.Equal(1, await Applied(first.Header.ContactId));
    }

    [Fact]
    public async Task An_event_that_fails_fails_alone_and_the_others_of_its_group_commit()
    {
        var events = Enumerable.Range(0, 20).Select(_ => Events.ContactReceived()).ToList();
        var poison = Events.ContactReceived();
        poison.Header.ContactId = CountingGroups.Poison;
        await using var groups = new GroupsRunning(new CountingGroups(host.Services.GetRequiredService<IServiceScopeFactory>()));

        var handed = events.Take(10).Append(poison).Concat(events.Skip(10))
            .Select(e => groups.Writer.ApplyOnceAsync(e, Guid.Parse(e.Header.EventId), Cancel)).ToList();
        await groups.StartAsync(Cancel);

        await Assert.ThrowsAsync<InvalidOperationException>(() => handed[10]);
        await Task.WhenAll(handed.Where((_, i) => i != 10));
        Assert.Equal(21, groups.Writer.Handled.First().Count);
        foreach (var @event in events) Assert.Equal(1, await Applied(@event.Header.ContactId));
        Assert.Equal(0, await Sql.CountAsync(host.ConnectionString, "SELECT count(*) FROM inbox_messages WHERE message_id = $1",
            Guid.Parse(poison.Header.EventId)));
    }

    Task<long> Applied(string contactId) =>
        Sql.CountAsync(host.ConnectionString, "SELECT coalesce(sum(applied), 0) FROM effect_counts WHERE contact_id = $1", contactId);

    /// <summary>The writer as the host runs it, started when the test says and stopped at the end.</summary>
    sealed class GroupsRunning(CountingGroups writer) : IAsyncDisposable
    {
        public CountingGroups Writer { get; } = writer;

        public Task StartAsync(CancellationToken cancellationToken) => Writer.StartAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await Writer.StopAsync(CancellationToken.None);
            Writer.Dispose();
        }
    }
}
