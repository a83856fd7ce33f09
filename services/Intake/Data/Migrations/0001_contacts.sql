-- A contact as submitted (the request's protobuf bytes, so nothing the referrer sent is lost) and
-- one row per child with the child's status.
CREATE TABLE contacts (
    id               uuid        PRIMARY KEY,
    agency           text        NOT NULL,
    idempotency_key  text        NOT NULL,
    request_hash     bytea       NOT NULL,
    local_authority  text        NOT NULL,
    received_at      timestamptz NOT NULL,
    request          bytea       NOT NULL,
    CONSTRAINT uq_contacts_agency_idempotency_key UNIQUE (agency, idempotency_key)
);

CREATE TABLE contact_children (
    id          uuid    PRIMARY KEY,
    contact_id  uuid    NOT NULL REFERENCES contacts (id),
    child_index integer NOT NULL,
    status      integer NOT NULL,
    CONSTRAINT uq_contact_children_position UNIQUE (contact_id, child_index)
);
