namespace Mash.Audit.Messaging.Reports;

/// <summary>
/// Writes one group of columns of a report row, whatever the order events arrive in: the row is
/// created by whichever event comes first, and a group is overwritten only by an event at least as
/// recent as the one that last wrote it (its <c>guard</c> timestamp column). Table and column names
/// are this assembly's constants, never input; values are parameters.
/// </summary>
static class ReportRowColumns
{
    public static Task UpsertAsync(ReportWrites writes, string table, IReadOnlyList<(string Column, string Value)> key, string guard, DateTimeOffset at,
        IReadOnlyList<(string Column, object? Value)> values, CancellationToken cancellationToken)
    {
        // An event that names no row (no contact, child or allocation) has none to write (the trail still records it).
        if (key.Any(k => k.Value.Length == 0)) return Task.CompletedTask;
        var keyColumns = key.Select(k => k.Column).ToList();
        var columns = values.Select(v => v.Column).Prepend(guard).ToList();
        var all = keyColumns.Concat(columns).ToList();
        var sql = $"""
            INSERT INTO {table} ({string.Join(", ", all)})
            VALUES ({string.Join(", ", all.Select((_, i) => $"${i + 1}"))})
            ON CONFLICT ({string.Join(", ", keyColumns)}) DO UPDATE SET {string.Join(", ", columns.Select(c => $"{c} = EXCLUDED.{c}"))}
            WHERE {table}.{guard} IS NULL OR {table}.{guard} <= EXCLUDED.{guard}
            """;
        object?[] parameters = [.. key.Select(k => (object?)k.Value), at, .. values.Select(v => v.Value)];
        return writes.WriteAsync(sql, parameters, cancellationToken);
    }
}
