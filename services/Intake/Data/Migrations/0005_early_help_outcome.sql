-- How a child's early help episode ended (mash.common.v1.EpisodeOutcome, from EpisodeClosed), so the
-- screener sees a family that declined early help and can reconsider.
ALTER TABLE contact_children ADD COLUMN early_help_outcome integer NOT NULL DEFAULT 0;
