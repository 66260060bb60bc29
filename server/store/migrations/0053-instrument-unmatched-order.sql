-- 0053-instrument-unmatched-order.sql: the analyzers' unmatched results
-- in the order they came (issue 36).
--
-- GET /api/v1/unmatched-results lists them oldest first, the open ones
-- (not yet resolved) or all, a page at a time; one statement with an
-- optional "open only" read every result ever held and sorted it, and
-- instrument_unmatched_open (resolved_us, received_us) named no id to end
-- the order on. Each list now walks its own index and stops after the
-- page. An analyzer's message is the unmatched result's parent
-- (message_row): its key is looked up in the results held, by an index.
-- tests/test-query-plans.c drives an analyzer's message and both lists.

DROP INDEX instrument_unmatched_open;
CREATE INDEX instrument_unmatched_open ON instrument_unmatched (received_us, id)
  WHERE resolved_us IS NULL;
CREATE INDEX instrument_unmatched_by_time ON instrument_unmatched (received_us, id);
CREATE INDEX instrument_unmatched_by_message ON instrument_unmatched (message_row);
