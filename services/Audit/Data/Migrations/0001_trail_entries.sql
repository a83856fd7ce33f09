-- Every event of every service, in the order audit recorded it.
CREATE TABLE trail_entries (
    sequence     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id     uuid        NOT NULL UNIQUE,
    event_type   text        NOT NULL,
    contact_id   text        NOT NULL,
    child_id     text        NOT NULL,
    occurred_at  timestamptz NOT NULL,
    recorded_at  timestamptz NOT NULL,
    body         bytea       NOT NULL
);
CREATE INDEX ix_trail_entries_contact_id ON trail_entries (contact_id);
CREATE INDEX ix_trail_entries_child_id ON trail_entries (child_id);
