-- 0006-changes.sql: the change feed. Every write appends the records it
-- changed, as the API shows them, in its own transaction; replaying the
-- feed from seq 0 (last write wins per entity and id) gives the server's
-- state.

CREATE TABLE changes (
  -- AUTOINCREMENT: a seq is never given out twice, even if the newest
  -- rows were ever removed, so a client's position stays meaningful.
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  entity     TEXT NOT NULL,
  entity_id  TEXT NOT NULL,
  -- LdRole flags: the roles that may read this record.
  visible_to INTEGER NOT NULL,
  -- The rows of one transaction share this number, so a page of the feed
  -- never ends inside a transaction.
  commit_id  BIGINT NOT NULL,
  record     TEXT NOT NULL,
  at         TEXT NOT NULL
);

-- Finds the records not yet in the feed (see ld_store_changes_list_missing).
CREATE INDEX changes_entity ON changes (entity, entity_id);
