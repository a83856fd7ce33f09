-- A child keeps one id across contacts (intake matches them), so a triage item is a child in a contact.
ALTER TABLE triage_items DROP CONSTRAINT triage_items_pkey;
ALTER TABLE triage_items ADD PRIMARY KEY (contact_id, child_id);
CREATE INDEX ix_triage_items_child_id ON triage_items (child_id);
