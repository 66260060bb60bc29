-- 0002-rate-windows.sql (PostgreSQL): the rate limits' windows, shared by
-- every server process on the database (ld-store-rates.c). SQLite has one
-- process, which keeps them in memory.
--
-- UNLOGGED: a crash empties the table, which only gives each client a
-- fresh window; its writes skip the log, as a counter bumped per request
-- should.

CREATE UNLOGGED TABLE rate_windows (
  key             TEXT PRIMARY KEY,
  window_start_us BIGINT NOT NULL,
  used            BIGINT NOT NULL
);
