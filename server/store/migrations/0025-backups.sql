-- 0025-backups.sql: the backups the administrator takes over HTTP
-- (docs/api.md, "Backups"). A row is written when one starts and filled in
-- when its copy has been checked; retention removes a row with its files.

CREATE TABLE backups (
  id           TEXT PRIMARY KEY,
  -- The copy's name inside the server's backup directory, by UTC time.
  file_name    TEXT NOT NULL UNIQUE,
  started_us   INTEGER NOT NULL,
  finished_us  INTEGER,
  size_bytes   INTEGER,
  state        TEXT NOT NULL CHECK (state IN ('running', 'passed', 'failed')),
  problem      TEXT,
  started_by   TEXT REFERENCES users (id)
);
CREATE INDEX backups_by_time ON backups (started_us, id);
