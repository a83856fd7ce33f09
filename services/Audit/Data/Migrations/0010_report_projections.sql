-- Read models of the reports (timeliness front-door figures, referrer feedback, Annex A), built
-- from events by the consumers of the "audit-reports" queue (Messaging/Reports). They are
-- derived read models, not the record: the trail (trail_entries) is the record. The reports read
-- them with plain SQL (Reports/), so they have no EF entities.
--
-- Events arrive out of order and more than once, so every row can be started by any of the
-- events that fill it: every column but the key has a default, and each event writes only its
-- own columns, guarded by its own timestamp (the latest event wins, whatever the arrival order).

-- One row per contact (ContactReceived). withdrawn_at: a withdrawal that named no children.
CREATE TABLE report_contacts (
    contact_id           text        PRIMARY KEY,
    local_authority      text        NOT NULL DEFAULT '',
    received_at          timestamptz,
    referral_source      integer     NOT NULL DEFAULT 0,
    referrer_agency      text        NOT NULL DEFAULT '',
    referrer_agency_kind integer     NOT NULL DEFAULT 0,
    withdrawn_at         timestamptz
);
CREATE INDEX ix_report_contacts_authority_received ON report_contacts (local_authority, received_at);

-- One row per child of a contact: the census attributes at receipt (ContactReceived, updated by
-- ContactInformationAdded), the locality (ChildTriaged, ChildRouted), the MASH outcome
-- (ChildRouted; a correction routes again and the latest wins), a withdrawal, and for CIN/CP
-- referrals the allocation (team, worker).
CREATE TABLE report_children (
    contact_id                 text        NOT NULL,
    child_id                   text        NOT NULL,
    facts_at                   timestamptz,
    gender                     integer     NOT NULL DEFAULT 0,
    ethnicity                  text        NOT NULL DEFAULT '',
    disability                 integer     NOT NULL DEFAULT 0,
    birth_date                 date,
    birth_expected             boolean     NOT NULL DEFAULT false,
    repeat_contact             boolean     NOT NULL DEFAULT false,
    contacts_in_last_12_months integer     NOT NULL DEFAULT 0,
    locality                   text        NOT NULL DEFAULT '',
    locality_at                timestamptz,
    routed_at                  timestamptz,
    decision_id                text        NOT NULL DEFAULT '',
    pathway                    integer     NOT NULL DEFAULT 0,
    nfa_reason                 integer     NOT NULL DEFAULT 0,
    level                      integer     NOT NULL DEFAULT 0,
    rag                        integer     NOT NULL DEFAULT 0,
    routed_referral_source     integer     NOT NULL DEFAULT 0,
    -- Routed to CIN/CP while a case was already open: not a census referral.
    already_open               boolean     NOT NULL DEFAULT false,
    withdrawn_at               timestamptz,
    allocation_id              text        NOT NULL DEFAULT '',
    team_id                    text        NOT NULL DEFAULT '',
    worker_id                  text        NOT NULL DEFAULT '',
    allocation_queued          boolean     NOT NULL DEFAULT false,
    allocated_at               timestamptz,
    PRIMARY KEY (contact_id, child_id)
);
CREATE INDEX ix_report_children_child_id ON report_children (child_id);
CREATE INDEX ix_report_children_allocation_id ON report_children (allocation_id) WHERE allocation_id <> '';

-- What happened in an allocation, keyed by the allocation id the events always carry (their
-- header need not name the child, and they may arrive before the allocation that names it).
CREATE TABLE report_allocations (
    allocation_id           text        PRIMARY KEY,
    strategy_outcome        integer     NOT NULL DEFAULT 0,
    strategy_at             timestamptz,
    assessment_outcome      integer     NOT NULL DEFAULT 0,
    assessment_completed_at timestamptz
);

-- Early help episodes (EarlyHelpEpisodeOpened, EpisodeClosed) and their assessments
-- (EarlyHelpAssessmentRecorded), for Annex A list 2.
CREATE TABLE report_early_help_episodes (
    episode_id      text        PRIMARY KEY,
    local_authority text        NOT NULL DEFAULT '',
    child_ids       text[]      NOT NULL DEFAULT '{}',
    locality        text        NOT NULL DEFAULT '',
    origin          integer     NOT NULL DEFAULT 0,
    opened_at       timestamptz,
    closed_at       timestamptz,
    outcome         integer     NOT NULL DEFAULT 0
);
CREATE INDEX ix_report_early_help_episodes_authority ON report_early_help_episodes (local_authority);

CREATE TABLE report_early_help_assessments (
    assessment_id             text        PRIMARY KEY,
    episode_id                text        NOT NULL,
    assessment_date           date,
    completed_by_organisation text        NOT NULL DEFAULT '',
    recorded_at               timestamptz NOT NULL
);
CREATE INDEX ix_report_early_help_assessments_episode ON report_early_help_assessments (episode_id);
