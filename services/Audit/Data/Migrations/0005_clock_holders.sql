-- Who holds a child's case (team or worker) and the case id, from the latest CaseAllocated or
-- AllocationQueued, so that case clocks started after the allocation arrived (events come in any
-- order) still say whom to chase. contact_id is '' when the allocation event named no contact.
CREATE TABLE clock_holders (
    child_id   text        NOT NULL,
    contact_id text        NOT NULL,
    held_by    text        NOT NULL,
    subject_id text        NOT NULL,
    held_at    timestamptz NOT NULL,
    PRIMARY KEY (child_id, contact_id)
);
