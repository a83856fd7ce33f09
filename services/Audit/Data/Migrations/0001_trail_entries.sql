-- Every event of every service, in the order audit recorded it. child_ids lists the children an
-- entry concerns (a contact-level event such as ContactReceived concerns all its children), so
-- a child's trail includes the contact-level entries of its contacts.
CREATE TABLE trail_entries (
    sequence        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        uuid        NOT NULL UNIQUE,
    event_type      text        NOT NULL,
    contact_id      text        NOT NULL,
    child_ids       text[]      NOT NULL,
    local_authority text        NOT NULL,
    actor           bytea       NOT NULL,
    summary         text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL,
    body            bytea       NOT NULL
);
CREATE INDEX ix_trail_entries_contact_id ON trail_entries (contact_id);
CREATE INDEX ix_trail_entries_child_ids ON trail_entries USING gin (child_ids);
