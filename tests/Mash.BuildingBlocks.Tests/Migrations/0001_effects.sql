-- What the test consumer does with each event: one row per handled event.
CREATE TABLE effects (
    event_id   uuid PRIMARY KEY,
    contact_id text NOT NULL
);
