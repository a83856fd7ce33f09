-- A child's id now identifies the child across contacts: a child matched to an earlier contact keeps
-- that contact's child id. The row id stays the row's own. Matching keys and the child's standing
-- (kept up to date from events) live beside each contact's child.
ALTER TABLE contact_children ADD COLUMN child_id uuid;
UPDATE contact_children SET child_id = id;
ALTER TABLE contact_children ALTER COLUMN child_id SET NOT NULL;
ALTER TABLE contact_children ADD CONSTRAINT uq_contact_children_child UNIQUE (contact_id, child_id);

ALTER TABLE contact_children
    ADD COLUMN nhs_number                 text        NOT NULL DEFAULT '',
    ADD COLUMN family_name_key            text        NOT NULL DEFAULT '',
    ADD COLUMN date_of_birth              date,
    ADD COLUMN postcode                   text        NOT NULL DEFAULT '',
    ADD COLUMN repeat_contact             boolean     NOT NULL DEFAULT false,
    ADD COLUMN contacts_in_last12_months  integer     NOT NULL DEFAULT 0,
    ADD COLUMN already_open               boolean     NOT NULL DEFAULT false,
    ADD COLUMN local_authority            text        NOT NULL DEFAULT '',
    ADD COLUMN locality                   text        NOT NULL DEFAULT '',
    ADD COLUMN rag                        integer     NOT NULL DEFAULT 0,
    ADD COLUMN decision_deadline          timestamptz,
    ADD COLUMN recommendation             bytea,
    ADD COLUMN pathway                    integer     NOT NULL DEFAULT 0,
    ADD COLUMN nfa_reason                 integer     NOT NULL DEFAULT 0,
    ADD COLUMN referrer_feedback          text        NOT NULL DEFAULT '';

CREATE INDEX ix_contact_children_child_id ON contact_children (child_id);
CREATE INDEX ix_contact_children_nhs_number ON contact_children (nhs_number) WHERE nhs_number <> '';
CREATE INDEX ix_contact_children_identity ON contact_children (family_name_key, date_of_birth, postcode);

-- Which children are open to a service now, and to which pathway (known from events).
CREATE TABLE child_openings (
    child_id  uuid        PRIMARY KEY,
    pathway   integer     NOT NULL,
    opened_at timestamptz NOT NULL
);
