using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Mash.Audit.Messaging.Reports;

/// <summary>
/// Writes one group of columns of a report row, whatever the order events arrive in: the row is
/// created by whichever event comes first, and a group is overwritten only by an event at least as
/// recent as the one that last wrote it (its <c>guard</c> timestamp column). Table and column names
/// are this assembly's constants, never input; values are parameters.
/// </summary>
static class ReportRowColumns
{
    public static Task UpsertAsync(DbContext db, string table, IReadOnlyList<(string Column, string Value)> key, string guard, DateTimeOffset at,
        IReadOnlyList<(string Column, object? Value)> values, CancellationToken cancellationToken)
    {
        // An event that names no row (no contact, child or allocation) has none to write (the trail still records it).
        if (key.Any(k => k.Value.Length == 0)) return Task.CompletedTask;
        var keyColumns = key.Select(k => k.Column).ToList();
        var columns = values.Select(v => v.Column).Prepend(guard).ToList();
        var sql = $"""
            INSERT INTO {table} ({string.Join(", ", keyColumns.Concat(columns))})
            VALUES ({string.Join(", ", keyColumns.Concat(columns).Select(c => "@" + c))})
            ON CONFLICT ({string.Join(", ", keyColumns)}) DO UPDATE SET {string.Join(", ", columns.Select(c => $"{c} = EXCLUDED.{c}"))}
            WHERE {table}.{guard} IS NULL OR {table}.{guard} <= EXCLUDED.{guard}
            """;
        var parameters = values.Select(v => new NpgsqlParameter(v.Column, v.Value ?? DBNull.Value))
            .Prepend(new NpgsqlParameter(guard, at))
            .Concat(key.Select(k => new NpgsqlParameter(k.Column, k.Value)));
        return db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
    }
}
