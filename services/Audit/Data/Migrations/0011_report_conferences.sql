-- Annex A list 5 (section 47 enquiries and ICPCs): the initial child protection conference of an
-- allocation (InitialConferenceRecorded), beside its strategy discussion and assessment. Like the
-- other columns of report_allocations, written by its own event and guarded by its own time.
ALTER TABLE report_allocations
    ADD COLUMN conference_outcome integer NOT NULL DEFAULT 0,
    ADD COLUMN conference_at      timestamptz;

-- List 5 reads the enquiries of a window by the strategy discussion's time.
CREATE INDEX ix_report_allocations_section_47 ON report_allocations (strategy_at) WHERE strategy_outcome = 1;
