-- What the one-statement test consumer does with each event: a count per contact that a second
-- application of the same event would raise to 2.
CREATE TABLE effect_counts (
    contact_id text PRIMARY KEY,
    applied    integer NOT NULL
);
