-- Multi-agency checks: a question to one partner agency about children of a contact, and its answer.
CREATE TABLE agency_checks (
    id              uuid        PRIMARY KEY,
    contact_id      uuid        NOT NULL REFERENCES contacts (id),
    child_ids       uuid[]      NOT NULL,
    agency_kind     integer     NOT NULL,
    agency          text        NOT NULL,
    local_authority text        NOT NULL,
    question        text        NOT NULL,
    rag             integer     NOT NULL,
    requested_at    timestamptz NOT NULL,
    due_at          timestamptz NOT NULL,
    requested_by    bytea       NOT NULL,
    state           integer     NOT NULL,
    answer          bytea
);
-- An agency's queue: its open checks, oldest deadline first.
CREATE INDEX ix_agency_checks_queue ON agency_checks (agency, state, due_at, id);
CREATE INDEX ix_agency_checks_contact_id ON agency_checks (contact_id);
