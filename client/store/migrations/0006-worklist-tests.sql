-- 0006-worklist-tests.sql: what the worklist's test filter reads.
--
-- tests_key: the order's tests folded to lower case, each as its code,
-- its panel's code, its whole name and each further word of the name,
-- every entry after a '|' ("|gluf|gluf|glucose, fasting|fasting"), filed
-- by ld-cache-apply.c. The filter then matches the start of a code or of
-- a name's word with one LIKE over a short column, not by reading each
-- record's JSON (measured: about 230 ms a count over a tab of 10,000
-- orders through json_each, a few ms over this column).
ALTER TABLE orders ADD COLUMN tests_key TEXT;

-- The orders already here are filed again from the server's records:
-- the next sync starts from a snapshot, as after 0005.
UPDATE sync_state SET last_seq = 0;
