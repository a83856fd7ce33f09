-- One statutory case per routing of a child to Child in Need or Child Protection. The parts a
-- worker records (strategy discussions, conference, visits, assessment, step-down) are kept as
-- mash.allocation.v1.Allocation bytes; the routing as received (mash.events.v1.ChildRouted bytes),
-- because a step-down hands its postcode, age, setting and concerns on to early help.
CREATE TABLE allocations (
    id                    uuid        PRIMARY KEY,
    child_id              uuid        NOT NULL,
    contact_id            uuid        NOT NULL,
    sibling_group_id      text        NOT NULL,
    local_authority       text        NOT NULL,
    locality              text        NOT NULL,
    team_id               text        NOT NULL,
    -- Empty while queued.
    worker_id             text        NOT NULL,
    pathway               integer     NOT NULL,
    status                integer     NOT NULL,
    queue_reason          integer     NOT NULL,
    decision_id           text        NOT NULL,
    routed_at             timestamptz NOT NULL,
    allocated_at          timestamptz,
    ended_at              timestamptz,
    step_down_episode_id  text        NOT NULL DEFAULT '',
    routed                bytea       NOT NULL,
    record                bytea       NOT NULL,
    CONSTRAINT uq_allocations_decision UNIQUE (decision_id, child_id)
);
CREATE INDEX ix_allocations_child ON allocations (child_id, routed_at);
CREATE INDEX ix_allocations_contact ON allocations (contact_id, child_id);
CREATE INDEX ix_allocations_sibling_group ON allocations (sibling_group_id);
CREATE INDEX ix_allocations_caseload ON allocations (local_authority, status, worker_id, routed_at);
CREATE INDEX ix_allocations_queue ON allocations (local_authority, locality, status, routed_at);

-- The statutory clocks of a case. The state (running, at risk, breached, met, missed, cancelled)
-- is worked out when read, from these instants and the time of reading.
CREATE TABLE allocation_clocks (
    id             uuid        PRIMARY KEY,
    allocation_id  uuid        NOT NULL REFERENCES allocations (id),
    kind           integer     NOT NULL,
    started_at     timestamptz NOT NULL,
    due_at         timestamptz NOT NULL,
    stopped_at     timestamptz,
    cancelled_at   timestamptz
);
CREATE INDEX ix_allocation_clocks_allocation ON allocation_clocks (allocation_id);
