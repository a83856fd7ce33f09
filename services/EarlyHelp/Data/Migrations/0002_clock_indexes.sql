-- The clock scheduler picks only clocks that owe an alert: running ones past their at-risk instant,
-- at-risk ones past their deadline. One partial index for each question; the index over both states
-- found every at-risk clock "due" for its at-risk instant again and again.
DROP INDEX ix_episodes_running_clocks;
CREATE INDEX ix_episodes_clocks_running ON episodes (at_risk_at) WHERE clock_state = 1;
CREATE INDEX ix_episodes_clocks_at_risk ON episodes (due_at) WHERE clock_state = 2;
