using Mash.Audit.Data;
using Microsoft.EntityFrameworkCore;

namespace Mash.Audit.Messaging;

/// <summary>The events whose clocks or projections failed while their trail entry committed (migration 0011).</summary>
public static class SideEffectFailures
{
    public const string Table = "audit_side_effect_failures";

    /// <summary>Records the failure in the caller's transaction; the error's first line only (a message may run on with data).</summary>
    public static Task RecordAsync(AuditDbContext db, Guid eventId, string eventType, EffectFailedException failure, CancellationToken cancellationToken)
    {
        var error = FirstLine(failure.InnerException ?? failure);
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO audit_side_effect_failures (event_id, event_type, failed, error) VALUES ({eventId}, {eventType}, {failure.What}, {error})
            ON CONFLICT (event_id) DO NOTHING
            """, cancellationToken);
    }

    static string FirstLine(Exception ex)
    {
        // DbUpdateException says only "see the inner exception": the database's own words are deeper.
        var cause = ex is DbUpdateException { InnerException: { } inner } ? inner : ex;
        var text = $"{cause.GetType().Name}: {cause.Message}";
        var end = text.IndexOfAny(['\r', '\n']);
        return (end < 0 ? text : text[..end]).Replace("\0", "", StringComparison.Ordinal);
    }
}
