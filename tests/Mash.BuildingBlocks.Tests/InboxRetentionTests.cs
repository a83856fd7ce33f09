using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

/// <summary>Inbox rows past their age are deleted in small batches; younger ones stay. Real PostgreSQL.</summary>
public sealed class InboxRetentionTests(IsolatedEnvironment environment) : IClassFixture<IsolatedEnvironment>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rows_older_than_the_age_go_in_batches_and_younger_ones_stay_also_with_two_instances_at_once()
    {
        await using var database = await TestDatabase.CreateAsync(environment, "inboxage", Cancel);
        var (connectionString, services) = (database.ConnectionString, database.Services);
        // Eleven rows 31 days old, one 29 days old, one just handled.
        await Sql.CountAsync(connectionString, """
            WITH rows AS (
                INSERT INTO inbox_messages (message_id, consumer, processed_at)
                SELECT gen_random_uuid(), 'OldConsumer', now() - interval '31 days' FROM generate_series(1, 11)
                UNION ALL SELECT gen_random_uuid(), 'YoungerConsumer', now() - interval '29 days'
                UNION ALL SELECT gen_random_uuid(), 'FreshConsumer', now()
                RETURNING 1)
            SELECT count(*) FROM rows
            """);

        InboxRetention<TestDbContext> Instance() => new(services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new InboxOptions { RetentionAge = TimeSpan.FromDays(30), RetentionBatchSize = 3 }), NullLogger<InboxRetention<TestDbContext>>.Instance);

        // Two instances at once (SKIP LOCKED: neither waits for the other's batch), batches of three.
        var deleted = await Task.WhenAll(Instance().DeleteExpiredAsync(Cancel), Instance().DeleteExpiredAsync(Cancel));

        Assert.Equal(11, deleted.Sum());
        Assert.Equal(0, await Sql.CountAsync(connectionString, "SELECT count(*) FROM inbox_messages WHERE consumer = 'OldConsumer'"));
        Assert.Equal(1, await Sql.CountAsync(connectionString, "SELECT count(*) FROM inbox_messages WHERE consumer = 'YoungerConsumer'"));
        Assert.Equal(1, await Sql.CountAsync(connectionString, "SELECT count(*) FROM inbox_messages WHERE consumer = 'FreshConsumer'"));
        Assert.Equal(0, await Instance().DeleteExpiredAsync(Cancel));
    }
}
