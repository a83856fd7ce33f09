using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Mash.Audit.Messaging.Reports;

/// <summary>
/// Writes one group of columns of a report_children row, whatever the order events arrive in:
/// the row is created by whichever event comes first, and a group is overwritten only by an event
/// at least as recent as the one that last wrote it (its <c>guard</c> timestamp column). Column
/// names are this assembly's constants, never input; values are parameters.
/// </summary>
static class ReportChildColumns
{
    public static Task UpsertAsync(DbContext db, string contactId, string childId, string guard, DateTimeOffset at,
        IReadOnlyList<(string Column, object? Value)> values, CancellationToken cancellationToken)
    {
        // An event that names no contact or child has no row to write (the trail still records it).
        if (contactId.Length == 0 || childId.Length == 0) return Task.CompletedTask;
        var columns = values.Select(v => v.Column).Prepend(guard).ToList();
        var sql = $"""
            INSERT INTO report_children (contact_id, child_id, {string.Join(", ", columns)})
            VALUES (@contact_id, @child_id, {string.Join(", ", columns.Select(c => "@" + c))})
            ON CONFLICT (contact_id, child_id) DO UPDATE SET {string.Join(", ", columns.Select(c => $"{c} = EXCLUDED.{c}"))}
            WHERE report_children.{guard} IS NULL OR report_children.{guard} <= EXCLUDED.{guard}
            """;
        return db.Database.ExecuteSqlRawAsync(sql, Parameters(guard, at, values)
            .Append(new NpgsqlParameter("contact_id", contactId)).Append(new NpgsqlParameter("child_id", childId)), cancellationToken);
    }

    static IEnumerable<object> Parameters(string guard, DateTimeOffset at, IReadOnlyList<(string Column, object? Value)> values) =>
        values.Select(v => new NpgsqlParameter(v.Column, v.Value ?? DBNull.Value))
            .Prepend(new NpgsqlParameter(guard, at));
}
