-- A child can be open to more than one service at once (early help alongside a child in need plan,
-- or a case moving from CIN to CP): one row per child and pathway, closed per pathway by the events
-- that end it. A child protection row says whether an initial conference made a plan.
ALTER TABLE child_openings DROP CONSTRAINT child_openings_pkey;
ALTER TABLE child_openings ADD PRIMARY KEY (child_id, pathway);
ALTER TABLE child_openings ADD COLUMN on_child_protection_plan boolean NOT NULL DEFAULT false;
