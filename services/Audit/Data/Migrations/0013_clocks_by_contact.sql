-- A contact's clocks, found by its id: a case clock that starts later takes its locality and holder
-- from another clock of the same contact (Clocks/ClockBook, InheritFromCaseAsync), and a withdrawal
-- cancels a contact's clocks. Without this index both read the whole clock table, once per event
-- that starts a case clock: 1.5 ms a time after a few thousand contacts, and growing with every
-- contact (measured with pg_stat_statements under deploy/mash bench load).
CREATE INDEX ix_clocks_contact ON clocks (contact_id);
