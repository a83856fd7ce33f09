-- A referrer may withdraw a contact before any child of it is decided; anyone with the contact may
-- add information while it is open. Additions are kept as submitted (AddedInformation bytes).
ALTER TABLE contacts
    ADD COLUMN withdrawn_at      timestamptz,
    ADD COLUMN withdrawal_reason text NOT NULL DEFAULT '';

CREATE TABLE contact_additions (
    id          uuid        PRIMARY KEY,
    contact_id  uuid        NOT NULL REFERENCES contacts (id),
    added_at    timestamptz NOT NULL,
    information bytea       NOT NULL
);
CREATE INDEX ix_contact_additions_contact_id ON contact_additions (contact_id, added_at);
