-- The lead may let members manage the team too (issue 3: "the lead, and
-- members the lead allows, add ... and remove members"): 1 for such a member.
-- The lead always may; handing over or taking back the lead is the lead's
-- alone.
ALTER TABLE care_team_members ADD COLUMN manages_team INTEGER NOT NULL DEFAULT 0;
