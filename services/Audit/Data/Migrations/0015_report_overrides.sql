-- The rule that decided the recommendation a child's MASH decision was made against, and whether
-- that decision overrode it (both from ChildRouted, with the routing's columns): the timeliness
-- report counts overrides by rule, so a hub can see which rules its screeners disagree with.
ALTER TABLE report_children
    ADD COLUMN winning_rule_id text NOT NULL DEFAULT '',
    ADD COLUMN overrides_recommendation boolean NOT NULL DEFAULT false;
