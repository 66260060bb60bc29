-- 0022-unused-child-indexes.sql (PostgreSQL): SQLite's
-- 0047-unused-child-indexes.sql. Two covering indexes by order that the
-- cohort's indexes replaced for the analytics and that no statement needs
-- any more; each result's and sample's change still moved an entry.

DROP INDEX results_for_analytics;
DROP INDEX samples_for_analytics;
