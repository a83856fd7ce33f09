-- One early help episode per family: the mash.earlyhelp.v1.Episode as it stands (bytes), with the
-- columns queues, filters, brokerage loads and the clock scheduler need beside it.
CREATE TABLE episodes (
    id                   uuid        PRIMARY KEY,
    local_authority      text        NOT NULL,
    locality             text        NOT NULL,
    status               integer     NOT NULL,
    -- The children routed together (ChildRouted.sibling_group_id, the contact id) or stepped down together.
    sibling_group_id     text        NOT NULL,
    contact_id           text        NOT NULL,
    lead_professional_id text        NOT NULL DEFAULT '',
    opened_at            timestamptz NOT NULL,
    due_at               timestamptz NOT NULL,
    at_risk_at           timestamptz NOT NULL,
    clock_state          integer     NOT NULL,
    closed_at            timestamptz,
    episode              bytea       NOT NULL,
    -- The step-up contact built and not yet confirmed by intake (mash.intake.v1.SubmitContactRequest):
    -- a retry sends exactly these bytes again, so intake replays instead of making a second contact.
    step_up_request      bytea
);

-- One open episode per sibling group: two consumers opening one family's episode at once cannot both win.
CREATE UNIQUE INDEX uq_episodes_open_sibling_group ON episodes (local_authority, sibling_group_id) WHERE status <> 5;
-- The queue (ListEpisodes, the panel queue): oldest deadline first.
CREATE INDEX ix_episodes_queue ON episodes (local_authority, status, due_at, id);
-- Brokerage loads: open episodes per lead professional.
CREATE INDEX ix_episodes_lead_professional ON episodes (lead_professional_id) WHERE status <> 5 AND lead_professional_id <> '';
-- The clock scheduler's work: running clocks by when they next owe an alert.
CREATE INDEX ix_episodes_running_clocks ON episodes (at_risk_at, due_at) WHERE clock_state IN (1, 2);

-- The children of each episode. A child is in at most one open episode.
CREATE TABLE episode_children (
    episode_id uuid    NOT NULL REFERENCES episodes (id),
    child_id   uuid    NOT NULL,
    open       boolean NOT NULL,
    PRIMARY KEY (episode_id, child_id)
);
CREATE UNIQUE INDEX uq_episode_children_open_child ON episode_children (child_id) WHERE open;

-- How many step-ups the episode has made (a step-up the MASH hands back can be followed by another):
-- part of each step-up's idempotency key in intake.
ALTER TABLE episodes ADD COLUMN step_ups integer NOT NULL DEFAULT 0;
