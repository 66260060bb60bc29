-- 0010-results.sql: what result entry, verification, release and
-- amendment need beyond 0008's tables.

-- The sample a result was measured on, why a test was cancelled, and the
-- time of each step in microseconds, copied from the sample at entry
-- (collected, received) or set as the step happens, so turnaround per test
-- is a subtraction in any SQL.
ALTER TABLE results ADD COLUMN sample_id TEXT REFERENCES samples (id);
ALTER TABLE results ADD COLUMN cancel_reason TEXT;
ALTER TABLE results ADD COLUMN released_at TEXT;
ALTER TABLE results ADD COLUMN collected_us BIGINT;
ALTER TABLE results ADD COLUMN received_us BIGINT;
ALTER TABLE results ADD COLUMN entered_us BIGINT;
ALTER TABLE results ADD COLUMN verified_us BIGINT;
ALTER TABLE results ADD COLUMN released_us BIGINT;
CREATE INDEX results_by_release ON results (released_us) WHERE released_us IS NOT NULL;
CREATE INDEX results_by_enterer ON results (entered_by, state);

-- An amendment may change the comment alone; the old one is kept too.
ALTER TABLE result_amendments ADD COLUMN old_comment TEXT;
ALTER TABLE result_amendments ADD COLUMN new_comment TEXT;
-- The report version the amendment produced.
ALTER TABLE result_amendments ADD COLUMN report_version INTEGER;

-- The value that raised the alert: an amendment may change the result's.
ALTER TABLE alerts ADD COLUMN value TEXT;
CREATE INDEX alerts_by_result ON alerts (result_id);
