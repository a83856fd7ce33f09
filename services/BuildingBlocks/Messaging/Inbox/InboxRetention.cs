using Mash.BuildingBlocks.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mash.BuildingBlocks.Messaging.Inbox;

/// <summary>Section <c>Inbox</c> of configuration: how long handled message ids are kept.</summary>
public sealed class InboxOptions
{
    /// <summary>
    /// How long an inbox row is kept. A copy of a message can only come while its original may still
    /// be redelivered or re-published: consumer retries last minutes, an outbox re-publishes within
    /// seconds of a crash. Thirty days is far longer than either.
    /// </summary>
    public TimeSpan RetentionAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the expired rows are looked for.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement: short transactions, never a long lock on the inbox.</summary>
    public int RetentionBatchSize { get; set; } = 1000;
}

/// <summary>
/// Deletes inbox rows older than <see cref="InboxOptions.RetentionAge"/>, a small batch per
/// statement, oldest first. Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so several
/// instances of a service share the work instead of queueing behind each other. Age is measured on
/// the database's clock, the one that stamped <c>processed_at</c>.
/// </summary>
public sealed class InboxRetention<TDbContext>(IServiceScopeFactory scopes, IOptions<InboxOptions> options, ILogger<InboxRetention<TDbContext>> logger)
    : BackgroundService
    where TDbContext : DbContext
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.RetentionInterval > TimeSpan.Zero ? options.Value.RetentionInterval : TimeSpan.FromHours(1);
        return PeriodicWork.RunAsync(interval, async cancel =>
            {
                var deleted = await DeleteExpiredAsync(cancel);
                if (deleted > 0) logger.LogInformation("Inbox retention deleted {Count} rows older than {Age}", deleted, options.Value.RetentionAge);
            },
            ex => logger.LogWarning(ex, "Inbox retention failed; trying again in {Interval}", interval),
            stoppingToken);
    }

    /// <summary>Deletes every expired row, batch by batch; returns how many went.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var (age, size) = (options.Value.RetentionAge, Math.Max(1, options.Value.RetentionBatchSize));
        var total = 0;
        int deleted;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
            deleted = await db.Database.ExecuteSqlAsync($"""
                DELETE FROM inbox_messages WHERE (message_id, consumer) IN (
                    SELECT message_id, consumer FROM inbox_messages WHERE processed_at < now() - {age}
                    ORDER BY processed_at LIMIT {size} FOR UPDATE SKIP LOCKED)
                """, cancellationToken);
            total += deleted;
        } while (deleted == size);
        return total;
    }
}
