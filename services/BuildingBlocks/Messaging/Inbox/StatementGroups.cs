using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mash.BuildingBlocks.Data;
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
public sealed class StatementGroups<TDbContext>(IServiceScopeFactory scopes, ILogger<StatementGroups<TDbContext>> logger)
    : GroupCommit<StatementGroups<TDbContext>.Statement>(logger, MaxGroup)
    where TDbContext : DbContext
{
    /// <summary>The most statements one batch carries.</summary>
    public const int MaxGroup = 128;

    public sealed record Statement(string Sql, object?[] Values);

    protected override string ItemsName => "statements";

    /// <summary>Runs the statement (positional parameters <c>$1</c>...) in the next group; returns when that group committed.</summary>
    public Task RunAsync(string sql, object?[] values, CancellationToken cancellationToken) =>
        CommitAsync(new Statement(sql, values), cancellationToken);

    protected override Task WriteAloneAsync(Statement item, CancellationToken cancellationToken) => WriteGroupAsync([item], cancellationToken);

    protected override async Task WriteGroupAsync(IReadOnlyList<Statement> group, CancellationToken cancellationToken)
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
                command.Parameters.AddRange(PositionalSql.Parameters(p.Values).ToArray());
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        finally { await db.Database.CloseConnectionAsync(); }
    }
}
