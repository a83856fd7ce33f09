using System.Text.Json;
using Mash.Audit.Data;
using Npgsql;
using NpgsqlTypes;

namespace Mash.Audit.Trail;

/// <summary>
/// One INSERT for a group's trail entries: each column an array, unnested row by row. A text[] per
/// entry cannot travel in an array of arrays (PostgreSQL's arrays are rectangular), so each entry's
/// child ids go as a JSON array and are made a text[] again in the statement, exactly as given.
/// </summary>
public static class TrailInsert
{
    public static NpgsqlBatchCommand Of(IReadOnlyList<TrailEntry> entries)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO trail_entries (sequence, event_id, event_type, contact_id, child_ids, local_authority, actor, rule_set_id,
                                       rule_set_version, rule_set_hash, summary, occurred_at, recorded_at, body, previous_hash, hash)
            SELECT e.sequence, e.event_id, e.event_type, e.contact_id, ARRAY(SELECT jsonb_array_elements_text(e.child_ids)), e.local_authority,
                   e.actor, e.rule_set_id, e.rule_set_version, e.rule_set_hash, e.summary, e.occurred_at, e.recorded_at, e.body, e.previous_hash, e.hash
              FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
                AS e (sequence, event_id, event_type, contact_id, child_ids, local_authority, actor, rule_set_id,
                      rule_set_version, rule_set_hash, summary, occurred_at, recorded_at, body, previous_hash, hash)
            """);
        Add(command, entries, e => e.Sequence);
        Add(command, entries, e => e.EventId);
        Add(command, entries, e => e.EventType);
        Add(command, entries, e => e.ContactId);
        command.Parameters.Add(new NpgsqlParameter<string[]>
        {
            TypedValue = [.. entries.Select(e => JsonSerializer.Serialize(e.ChildIds))],
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
        });
        Add(command, entries, e => e.LocalAuthority);
        Add(command, entries, e => e.Actor);
        Add(command, entries, e => e.RuleSetId);
        Add(command, entries, e => e.RuleSetVersion);
        Add(command, entries, e => e.RuleSetHash);
        Add(command, entries, e => e.Summary);
        Add(command, entries, e => e.OccurredAt);
        Add(command, entries, e => e.RecordedAt);
        Add(command, entries, e => e.Body);
        Add(command, entries, e => e.PreviousHash);
        Add(command, entries, e => e.Hash);
        return command;
    }

    static void Add<T>(NpgsqlBatchCommand command, IReadOnlyList<TrailEntry> entries, Func<TrailEntry, T> column) =>
        command.Parameters.Add(new NpgsqlParameter<T[]> { TypedValue = [.. entries.Select(column)] });
}
