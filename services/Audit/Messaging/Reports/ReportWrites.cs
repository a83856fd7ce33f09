using Mash.Audit.Data;
using Mash.BuildingBlocks.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Mash.Audit.Messaging.Reports;

/// <summary>
/// The report projections' writes, inside the trail writer's transaction. Every projection is a
/// blind upsert that reads nothing back and no clock reads a report row, so while a group of events
/// is written they wait here and go to PostgreSQL as one batch, in order, after the group's clocks
/// (<see cref="Deferred"/>): one round trip for the whole group where each write was one of its own,
/// and the trail's writer holds the chain for that much less. When a group is written again event by
/// event (an effect failed), each write goes at once, inside its event's savepoint.
/// </summary>
public sealed class ReportWrites(AuditDbContext db)
{
    readonly List<NpgsqlBatchCommand> _pending = [];

    /// <summary>Writes wait for <see cref="FlushAsync"/> instead of going at once.</summary>
    public bool Deferred { get; set; }

    /// <summary>An upsert; the interpolated values become parameters, as in EF's ExecuteSqlAsync.</summary>
    public Task WriteAsync(FormattableString sql, CancellationToken cancellationToken)
    {
        var (text, values) = PositionalSql.From(sql);
        return WriteAsync(text, values, cancellationToken);
    }

    /// <summary>An upsert with positional parameters (<c>$1</c> is the first value).</summary>
    public async Task WriteAsync(string sql, IReadOnlyList<object?> values, CancellationToken cancellationToken)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(PositionalSql.Parameters(values).ToArray());
        _pending.Add(command);
        if (!Deferred) await FlushAsync(cancellationToken);
    }

    /// <summary>Sends the writes waiting, in the order they came, in one round trip.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0) return;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var batch = new NpgsqlBatch(connection, (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        foreach (var command in _pending) batch.BatchCommands.Add(command);
        _pending.Clear();
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
