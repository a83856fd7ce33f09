using System.Diagnostics;
using System.Reflection;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

/// <summary>
/// A bus whose every publish waits forever, as RabbitMQ.Client's does when the broker was killed
/// with a publish unconfirmed (seen by deploy/mash chaos: an outbox stuck for good after a broker restart).
/// </summary>
public class HangingBus : DispatchProxy
{
    public static IBus Create() => Create<IBus, HangingBus>();

    protected override object? Invoke(MethodInfo? method, object?[]? args) =>
        method?.ReturnType == typeof(Task) ? new TaskCompletionSource().Task : throw new NotSupportedException(method?.Name);
}

/// <summary>The outbox dispatcher gives up a batch the broker does not confirm in time, and keeps it.</summary>
public sealed class OutboxPublishTimeoutTests(IsolatedEnvironment environment) : IClassFixture<IsolatedEnvironment>
{
    [Fact]
    public async Task A_batch_the_broker_never_confirms_fails_in_time_and_stays_in_the_outbox_unlocked()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(environment, "outboxhang", cancellationToken);
        var (connectionString, services) = (database.ConnectionString, database.Services);
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            db.AddEvent(Events.ContactReceived());
            await db.SaveChangesAsync(cancellationToken);
        }

        var dispatcher = new OutboxDispatcher<TestDbContext>(services.GetRequiredService<IServiceScopeFactory>(), HangingBus.Create(),
            MessagingExtensions.EventTypes, services.GetRequiredService<OutboxSignal>(),
            Options.Create(new OutboxOptions { PublishTimeout = TimeSpan.FromSeconds(1) }), NullLogger<OutboxDispatcher<TestDbContext>>.Instance);
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<TimeoutException>(() => dispatcher.DispatchBatchAsync(cancellationToken));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"gave up after {clock.Elapsed}");
        // Still there, and not held: the next round (or another instance) can claim it.
        Assert.Equal(1, await Sql.CountAsync(connectionString, "SELECT count(*) FROM (SELECT id FROM outbox_messages FOR UPDATE SKIP LOCKED) claimable"));
    }
}
