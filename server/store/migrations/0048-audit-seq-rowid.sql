-- 0048-audit-seq-rowid.sql: the audit chain's seq becomes the table's rowid
-- (issue 36).
--
-- 0001 declared seq BIGINT PRIMARY KEY, which in SQLite is not the rowid:
-- every event went into the table under a rowid of its own and into a
-- separate unique index by seq, a B-tree more to write (and a leaf page more
-- in each commit's log) on the one writing thread, some fifteen times a lab
-- flow, and every read by seq went through that index to the row. As
-- INTEGER PRIMARY KEY the seq is the row's key: an event is appended where
-- the table ends. Measured on the demo's database: 24 µs an insert before,
-- 10–15 µs after (docs/bench.md). Same columns, same values, same indexes;
-- the chain's hashes do not cover the rowid. On a lab with years of events
-- the copy takes a while once, at the upgrade's start.

CREATE TABLE audit_events_by_seq (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  user_id   TEXT,
  username  TEXT,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id TEXT,
  client    TEXT,
  detail    TEXT,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL,
  keyed     INTEGER NOT NULL DEFAULT 0
);

INSERT INTO audit_events_by_seq (seq, at, user_id, username, action, entity, entity_id,
                                 client, detail, prev_hash, hash, keyed)
SELECT seq, at, user_id, username, action, entity, entity_id, client, detail, prev_hash, hash,
       keyed
FROM audit_events ORDER BY seq;

DROP TABLE audit_events;
ALTER TABLE audit_events_by_seq RENAME TO audit_events;

CREATE INDEX audit_events_by_user ON audit_events (user_id, seq);
CREATE INDEX audit_events_by_entity ON audit_events (entity, entity_id, seq);
CREATE INDEX audit_events_by_action ON audit_events (action, seq);
CREATE INDEX audit_events_by_entity_kind ON audit_events (entity, seq);
CREATE INDEX audit_events_by_time ON audit_events (at, seq);
