-- Twins without NHS numbers share family name, date of birth and postcode: given names join the
-- match key so they stay two children. NULL marks rows stored before: intake fills them in from the
-- stored request at start-up (GivenNamesBackfill), and until then they match by NHS number only.
ALTER TABLE contact_children ADD COLUMN given_names_key text;

DROP INDEX ix_contact_children_identity;
CREATE INDEX ix_contact_children_identity ON contact_children (family_name_key, date_of_birth, postcode, given_names_key);
