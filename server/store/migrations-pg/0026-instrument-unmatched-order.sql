-- 0026-instrument-unmatched-order.sql (PostgreSQL): SQLite's
-- 0053-instrument-unmatched-order.sql, the analyzers' unmatched results
-- in the order they came, open ones and all, each list by its own index;
-- and the results held by the message they came in.

DROP INDEX instrument_unmatched_open;
CREATE INDEX instrument_unmatched_open ON instrument_unmatched (received_us, id)
  WHERE resolved_us IS NULL;
CREATE INDEX instrument_unmatched_by_time ON instrument_unmatched (received_us, id);
CREATE INDEX instrument_unmatched_by_message ON instrument_unmatched (message_row);
