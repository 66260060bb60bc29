-- 0008-pending-results.sql: what batch entry's pending list reads.
--
-- Batch entry lists one test's results still waiting for a value, across
-- every order in the cache, in order number order (ld-cache-view.c,
-- PENDING_RESULTS). Without this the list, its count and every page read
-- the whole results table and each record's JSON, then sorted. The index
-- holds only pending results (most of a working cache is entered,
-- verified or released), by the test's code, then the order number and
-- id the list is sorted and paged by, in the very expressions the view's
-- statements use, so SQLite finds and orders the rows from the index.
CREATE INDEX results_pending_by_test ON results (
  json_extract (record, '$.test_code'),
  coalesce (json_extract (record, '$.order_number'), ''),
  id
) WHERE state = 'pending';
