-- Why a missed clock was missed, as a manager records it (AuditService.RecordMissReason): a reason
-- from mash.common.v1.MissReason (0: none recorded), the manager's note, who and when. The
-- breach list and the timeliness report show them; the trail holds each as ClockMissReasonRecorded.
ALTER TABLE clocks
    ADD COLUMN miss_reason int NOT NULL DEFAULT 0,
    ADD COLUMN miss_note text NOT NULL DEFAULT '',
    ADD COLUMN miss_recorded_by text NOT NULL DEFAULT '',
    ADD COLUMN miss_recorded_at timestamptz;
