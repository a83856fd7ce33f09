-- Events the trail recorded but whose clock changes or report projections failed (Trail/TrailWriter):
-- the trail entry committed without them, so the clocks or reports miss that event. One row per
-- event: its id and type, what failed ("clocks" or the projection's class), the error's first
-- line, and when. Ids and types only: the event itself is in the trail (trail_entries.body).
-- README, "Audit as one stream", says what an operator does with a row.
CREATE TABLE audit_side_effect_failures (
    event_id   uuid        PRIMARY KEY,
    event_type text        NOT NULL,
    failed     text        NOT NULL,
    error      text        NOT NULL,
    failed_at  timestamptz NOT NULL DEFAULT now()
);
