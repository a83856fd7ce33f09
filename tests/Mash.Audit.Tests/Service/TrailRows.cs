using Mash.Audit.Domain.Trail;
using Npgsql;

namespace Mash.Audit.Tests.Service;

/// <summary>Trail rows read straight from the database, as the chain sees them.</summary>
public static class TrailRows
{
    public static async Task<List<StoredEntry>> ReadAsync(string database, string where = "true", params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            SELECT sequence, event_id, event_type, occurred_at, recorded_at, actor, contact_id, child_ids, local_authority,
                   rule_set_id, rule_set_version, rule_set_hash, summary, body, previous_hash, hash
              FROM trail_entries WHERE {where} ORDER BY sequence
            """, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        await using var r = await command.ExecuteReaderAsync();
        var entries = new List<StoredEntry>();
        while (await r.ReadAsync())
            entries.Add(new StoredEntry(new TrailContent(r.GetInt64(0), r.GetGuid(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3), r.GetFieldValue<DateTimeOffset>(4),
                r.GetFieldValue<byte[]>(5), r.GetString(6), r.GetFieldValue<string[]>(7), r.GetString(8), r.GetString(9), r.GetInt32(10), r.GetString(11),
                r.GetString(12), r.GetFieldValue<byte[]>(13)), r.GetFieldValue<byte[]>(14), r.GetFieldValue<byte[]>(15)));
        return entries;
    }
}
