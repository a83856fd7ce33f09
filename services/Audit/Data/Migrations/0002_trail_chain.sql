-- The trail becomes one hash chain (README, "Audit"): every entry carries the hash of the entry
-- before it and its own hash = SHA-256(previous_hash || canonical bytes of the entry). Sequences
-- are assigned by the appender under a lock, gap-free from 1, so the identity goes: a rolled-back
-- identity value would leave a gap that looks exactly like a deleted entry.
ALTER TABLE trail_entries ALTER COLUMN sequence DROP IDENTITY;

-- The rule set in play, where the event carries one (triage, decisions, routing).
ALTER TABLE trail_entries
    ADD COLUMN rule_set_id      text    NOT NULL DEFAULT '',
    ADD COLUMN rule_set_version integer NOT NULL DEFAULT 0,
    ADD COLUMN rule_set_hash    text    NOT NULL DEFAULT '',
    ADD COLUMN previous_hash    bytea,
    ADD COLUMN hash             bytea;

-- Entries recorded before the chain (local development databases only; a new database has none)
-- are renumbered 1..n in their recorded order (through negative numbers, so the key never
-- collides half-way) and chained in that order, with the same canonical encoding the service
-- uses (Domain/Trail/TrailChain.cs; a test checks that both agree).
UPDATE trail_entries t SET sequence = -n.position
  FROM (SELECT sequence, row_number() OVER (ORDER BY sequence) AS position FROM trail_entries) n
 WHERE t.sequence = n.sequence;
UPDATE trail_entries SET sequence = -sequence;

UPDATE trail_entries SET occurred_at = date_trunc('microseconds', occurred_at), recorded_at = date_trunc('microseconds', recorded_at);

CREATE FUNCTION pg_temp.canonical_text(value text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT int4send(octet_length(convert_to(value, 'UTF8'))) || convert_to(value, 'UTF8')
$$;
CREATE FUNCTION pg_temp.canonical_bytes(value bytea) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT int4send(octet_length(value)) || value
$$;
CREATE FUNCTION pg_temp.canonical_instant(value timestamptz) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT int8send((extract(epoch FROM value) * 1000000)::bigint)
$$;

DO $$
DECLARE
    entry    trail_entries%ROWTYPE;
    previous bytea := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    children bytea;
    child    text;
BEGIN
    FOR entry IN SELECT * FROM trail_entries ORDER BY sequence LOOP
        children := int4send(coalesce(array_length(entry.child_ids, 1), 0));
        FOREACH child IN ARRAY entry.child_ids LOOP
            children := children || pg_temp.canonical_text(child);
        END LOOP;
        UPDATE trail_entries SET previous_hash = previous, hash = sha256(previous
            || convert_to('mash.audit.trail.v1', 'UTF8')
            || int8send(entry.sequence)
            || pg_temp.canonical_text(entry.event_id::text)
            || pg_temp.canonical_text(entry.event_type)
            || pg_temp.canonical_instant(entry.occurred_at)
            || pg_temp.canonical_instant(entry.recorded_at)
            || pg_temp.canonical_bytes(entry.actor)
            || pg_temp.canonical_text(entry.contact_id)
            || children
            || pg_temp.canonical_text(entry.local_authority)
            || pg_temp.canonical_text(entry.rule_set_id)
            || int8send(entry.rule_set_version::bigint)
            || pg_temp.canonical_text(entry.rule_set_hash)
            || pg_temp.canonical_text(entry.summary)
            || pg_temp.canonical_bytes(entry.body))
        WHERE sequence = entry.sequence
        RETURNING hash INTO previous;
    END LOOP;
END $$;

ALTER TABLE trail_entries
    ALTER COLUMN previous_hash SET NOT NULL,
    ALTER COLUMN hash SET NOT NULL,
    ADD CONSTRAINT ck_trail_entries_sequence CHECK (sequence >= 1),
    ADD CONSTRAINT ck_trail_entries_hashes CHECK (octet_length(hash) = 32 AND octet_length(previous_hash) = 32),
    -- The chain never forks: no two entries follow the same one.
    ADD CONSTRAINT uq_trail_entries_previous_hash UNIQUE (previous_hash);
