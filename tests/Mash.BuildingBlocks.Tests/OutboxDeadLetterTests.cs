using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

/// <summary>
/// An outbox row that can never be published (a type this build does not know, a body that does not
/// parse) used to fail its whole batch, and every batch after, for ever. Now the rows behind it go,
/// and after its tries it is set aside in outbox_dead_letters. Real PostgreSQL and RabbitMQ: the
/// events that go are consumed by the bus host's consumer.
/// </summary>
public sealed class OutboxDeadLetterTests(BusHost host) : IClassFixture<BusHost>
{
    const int MaxAttempts = 3;

    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unreadable_rows_do_not_hold_up_the_rows_behind_them_and_are_set_aside_after_their_tries()
    {
        await using var database = await TestDatabase.CreateAsync(host, "deadletters", Cancel);
        var (connectionString, services) = (database.ConnectionString, database.Services);
        var (unknownType, badBody) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var connection = new Npgsql.NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(Cancel);
            await using var insert = new Npgsql.NpgsqlCommand("""
                INSERT INTO outbox_messages (id, message_type, body, created_at) VALUES
                    ($1, 'mash.events.v1.NoSuchEvent', '\x0a00'::bytea, now()),
                    ($2, 'mash.events.v1.ContactReceived', '\xffffffff0f'::bytea, now())
                """, connection);
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = unknownType });
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = badBody });
            await insert.ExecuteNonQueryAsync(Cancel);
        }

        var behind = new[] { Events.ContactReceived(), Events.ContactReceived() };
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            foreach (var e in behind) db.AddEvent(e);
            await db.SaveChangesAsync(Cancel);
        }
        var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        var dispatcher = new OutboxDispatcher<TestDbContext>(services.GetRequiredService<IServiceScopeFactory>(), host.Services.GetRequiredService<IBus>(),
            MessagingExtensions.EventTypes, services.GetRequiredService<OutboxSignal>(),
            Options.Create(new OutboxOptions { MaxAttempts = MaxAttempts }), loggers.CreateLogger<OutboxDispatcher<TestDbContext>>());

        // First round: the two events behind the bad rows are published (and consumed); the bad rows stay, counted.
        Assert.Equal(4, await dispatcher.DispatchBatchAsync(Cancel));
        foreach (var e in behind)
            await Eventually.Until(() => Sql.CountAsync(host.ConnectionString, "SELECT count(*) FROM effects WHERE event_id = $1", Guid.Parse(e.Header.EventId)),
                n => n == 1, "the effect of an event behind the unreadable rows");
        Assert.Equal(2, await Sql.CountAsync(connectionString, "SELECT count(*) FROM outbox_messages WHERE attempts = 1 AND id = ANY($1)", new[] { unknownType, badBody }));
        Assert.Equal(2, await Sql.CountAsync(connectionString, "SELECT count(*) FROM outbox_messages"));

        // Their last try sets them aside; the outbox is empty.
        for (var round = 2; round <= MaxAttempts; round++) Assert.Equal(2, await dispatcher.DispatchBatchAsync(Cancel));
        Assert.Equal(0, await Sql.CountAsync(connectionString, "SELECT count(*) FROM outbox_messages"));
        Assert.Equal(1, await Sql.CountAsync(connectionString,
            "SELECT count(*) FROM outbox_dead_letters WHERE id = $1 AND attempts = $2 AND reason = 'unknown message type' AND message_type = 'mash.events.v1.NoSuchEvent' AND body = '\\x0a00'::bytea",
            unknownType, MaxAttempts));
        Assert.Equal(1, await Sql.CountAsync(connectionString,
            "SELECT count(*) FROM outbox_dead_letters WHERE id = $1 AND attempts = $2 AND reason LIKE 'body does not parse:%' AND body = '\\xffffffff0f'::bytea",
            badBody, MaxAttempts));
        Assert.Equal(0, await dispatcher.DispatchBatchAsync(Cancel));

        // Each set-aside row is one error naming its id and type, and nothing of its body.
        var errors = logs.Entries.Where(e => e.Level == LogLevel.Error).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => Equals(e.Values["OutboxId"], unknownType) && Equals(e.Values["MessageType"], "mash.events.v1.NoSuchEvent"));
        Assert.Contains(errors, e => Equals(e.Values["OutboxId"], badBody) && Equals(e.Values["MessageType"], "mash.events.v1.ContactReceived"));
        Assert.All(errors, e => Assert.Equal(["Attempts", "MessageType", "OutboxId", "{OriginalFormat}"], e.Values.Keys.Order()));
    }
}
