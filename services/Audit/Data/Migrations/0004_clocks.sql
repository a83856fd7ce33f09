-- The timeliness clocks, built from events (README, "Audit": which event starts, stops or cancels
-- each one). Every column an event knows is set by that event, so events may arrive in any order:
-- a clock whose stop arrived first waits for its start. at_risk_at is 80% of the way from start
-- to due. The scheduler raises ClockAtRisk and ClockBreached once each (raised_* are set in the
-- same transaction as the event goes into the outbox); raised_by_audit is false for the lead
-- professional clock, whose alerts Early Help raises and audit only records.
CREATE TABLE clocks (
    clock_id           text        PRIMARY KEY,
    kind               integer     NOT NULL,
    contact_id         text        NOT NULL DEFAULT '',
    child_ids          text[]      NOT NULL DEFAULT '{}',
    local_authority    text        NOT NULL DEFAULT '',
    locality           text        NOT NULL DEFAULT '',
    rag                integer     NOT NULL DEFAULT 0,
    subject_id         text        NOT NULL DEFAULT '',
    held_by            text        NOT NULL DEFAULT '',
    raised_by_audit    boolean     NOT NULL,
    started_at         timestamptz,
    due_at             timestamptz,
    at_risk_at         timestamptz,
    -- The triage evaluation that set due_at (MASH decision): a re-run replaces an older deadline only.
    due_evaluation     integer     NOT NULL DEFAULT 0,
    stopped_at         timestamptz,
    cancelled_at       timestamptz,
    at_risk_raised_at  timestamptz,
    breached_raised_at timestamptz
);
CREATE INDEX ix_clocks_due ON clocks (due_at, clock_id);
CREATE INDEX ix_clocks_started ON clocks (local_authority, started_at);
CREATE INDEX ix_clocks_child_ids ON clocks USING gin (child_ids);
-- What the scheduler still has to raise.
CREATE INDEX ix_clocks_pending ON clocks (at_risk_at, due_at)
    WHERE raised_by_audit AND stopped_at IS NULL AND cancelled_at IS NULL AND breached_raised_at IS NULL;

-- The scheduler's last pass (its clock's "now"), so operators and tests can see it is alive.
CREATE TABLE clock_scheduler (
    id           integer     PRIMARY KEY CHECK (id = 1),
    last_pass_at timestamptz NOT NULL
);
