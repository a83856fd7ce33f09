using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Mash.BuildingBlocks.Messaging.Inbox;

/// <summary>
/// Group commit for single-statement consumers (<see cref="InboxStatementConsumer{TEvent, TDbContext}"/>).
/// Each statement is atomic on its own, but one commit each was a round trip and a WAL flush per
/// event: intake's status updates were about three commits of every contact (issue 18). Consumers
/// hand their statement here and wait; one writer takes every statement waiting and sends them as
/// one batch, which PostgreSQL runs in one implicit transaction, and only then lets the consumers
/// acknowledge. Nothing waits for a group to fill: at low load a group is one statement, as before.
/// Exactly-once holds: each statement carries its own inbox claim, and a second copy of an event in
/// the same group finds the first's row. When a group fails (a deadlock, a statement a server
/// refuses), nothing of it committed, and each statement is run again alone, so one bad event fails
/// only its own delivery.
/// </summary>
public sealed class StatementGroups<TDbContext>(IServiceScopeFactory scopes, ILogger<StatementGroups<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    /// <summary>The most statements one batch carries.</summary>
    public const int MaxGroup = 128;

    sealed record Pending(string Sql, object?[] Values, TaskCompletionSource Done);

    readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Runs the statement (positional parameters <c>$1</c>...) in the next group; returns when that group committed.</summary>
    public async Task RunAsync(string sql, object?[] values, CancellationToken cancellationToken)
    {
        var pending = new Pending(sql, values, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        await pending.Done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var group = new List<Pending>(MaxGroup);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                group.Clear();
                while (group.Count < MaxGroup && _queue.Reader.TryRead(out var pending)) group.Add(pending);
                try
                {
                    await ExecuteAsync(group, stoppingToken);
                    foreach (var p in group) p.Done.TrySetResult();
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    if (group.Count == 1) { group[0].Done.TrySetException(ex); continue; }
                    logger.LogWarning(ex, "A group of {Count} statements failed; running each alone", group.Count);
                    foreach (var p in group)
                    {
                        try { await ExecuteAsync([p], stoppingToken); p.Done.TrySetResult(); }
                        catch (Exception single) { p.Done.TrySetException(single); }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            // Stopping: whatever did not run is not acknowledged, so the broker delivers it again.
            foreach (var p in group) p.Done.TrySetCanceled(stoppingToken);
            while (_queue.Reader.TryRead(out var left)) left.Done.TrySetCanceled(stoppingToken);
        }
    }

    async Task ExecuteAsync(IReadOnlyList<Pending> group, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // Without a transaction of its own a batch is one implicit transaction: all or nothing.
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
            foreach (var p in group)
            {
                var command = new NpgsqlBatchCommand(p.Sql);
                command.Parameters.AddRange(Data.PositionalSql.Parameters(p.Values).ToArray());
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        finally { await db.Database.CloseConnectionAsync(); }
    }
}
