-- Every rule-set version the service has ever loaded, exactly as loaded, so any recommendation can
-- be replayed against the same rules after the file has moved on.
CREATE TABLE rule_sets (
    id               text        NOT NULL,
    version          integer     NOT NULL,
    content_hash     text        NOT NULL,
    local_authority  text        NOT NULL,
    effective_from   date        NOT NULL,
    source_file      text        NOT NULL,
    yaml             text        NOT NULL,
    loaded_at        timestamptz NOT NULL,
    PRIMARY KEY (id, version)
);

-- A triage item is a child in a contact and where it stands. local_authority is now the child's
-- authority (from the postcode), or the receiving hub's when the postcode is outside every one.
ALTER TABLE triage_items
    ADD COLUMN child_index               integer NOT NULL DEFAULT 0,
    ADD COLUMN hub_authority             text    NOT NULL DEFAULT '',
    ADD COLUMN locality                  text    NOT NULL DEFAULT '',
    ADD COLUMN status                    integer NOT NULL DEFAULT 1,
    ADD COLUMN withdrawn                 boolean NOT NULL DEFAULT false,
    ADD COLUMN current_recommendation_id uuid,
    ADD COLUMN evaluation_count          integer NOT NULL DEFAULT 0,
    ADD COLUMN rule_set_id               text    NOT NULL DEFAULT '',
    ADD COLUMN rule_set_version          integer NOT NULL DEFAULT 0,
    ADD COLUMN referral_source           integer NOT NULL DEFAULT 0,
    ADD COLUMN step_up_episode_id        text    NOT NULL DEFAULT '';

-- Every run of the rules for a child (mash.common.v1.Recommendation bytes), oldest first.
CREATE TABLE recommendations (
    id             uuid        PRIMARY KEY,
    contact_id     uuid        NOT NULL,
    child_id       uuid        NOT NULL,
    evaluation     integer     NOT NULL,
    trigger        integer     NOT NULL,
    trigger_id     text        NOT NULL,
    recommendation bytea       NOT NULL,
    created_at     timestamptz NOT NULL,
    CONSTRAINT uq_recommendations_evaluation UNIQUE (contact_id, child_id, evaluation)
);

-- Every decision on a child (mash.thresholds.v1.Decision bytes as recorded). A decision is never
-- changed or deleted: only its state moves on and a countersignature is added once.
CREATE TABLE decisions (
    id                  uuid        PRIMARY KEY,
    contact_id          uuid        NOT NULL,
    child_id            uuid        NOT NULL,
    stage               integer     NOT NULL,
    state               integer     NOT NULL,
    supersedes_id       uuid        REFERENCES decisions (id),
    decided_by_subject  text        NOT NULL,
    decided_by_role     integer     NOT NULL,
    decided_at          timestamptz NOT NULL,
    decision            bytea       NOT NULL,
    countersignature    bytea
);
CREATE INDEX ix_decisions_child ON decisions (contact_id, child_id, decided_at);

CREATE FUNCTION decisions_insert_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'decisions are never deleted (decision %)', OLD.id;
    END IF;
    IF (NEW.id, NEW.contact_id, NEW.child_id, NEW.stage, NEW.supersedes_id, NEW.decided_by_subject, NEW.decided_by_role, NEW.decided_at, NEW.decision)
        IS DISTINCT FROM
       (OLD.id, OLD.contact_id, OLD.child_id, OLD.stage, OLD.supersedes_id, OLD.decided_by_subject, OLD.decided_by_role, OLD.decided_at, OLD.decision)
       OR (OLD.countersignature IS NOT NULL AND NEW.countersignature IS DISTINCT FROM OLD.countersignature) THEN
        RAISE EXCEPTION 'decision % is immutable: only its state changes, and a countersignature is added once', OLD.id;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER decisions_insert_only BEFORE UPDATE OR DELETE ON decisions
    FOR EACH ROW EXECUTE FUNCTION decisions_insert_only();
