-- One row per child of every contact received: the child waits here to be triaged and decided.
CREATE TABLE triage_items (
    child_id         uuid        PRIMARY KEY,
    contact_id       uuid        NOT NULL,
    local_authority  text        NOT NULL,
    received_at      timestamptz NOT NULL,
    facts            bytea       NOT NULL
);
CREATE INDEX ix_triage_items_contact_id ON triage_items (contact_id);
