-- 0001-initial.sql: users, sessions, settings and the audit chain.
-- Never edit a migration after release; add the next number instead.

CREATE TABLE users (
  id              TEXT PRIMARY KEY,
  username        TEXT NOT NULL UNIQUE,
  display_name    TEXT NOT NULL,
  roles           INTEGER NOT NULL CHECK (roles > 0),
  password_hash   TEXT NOT NULL,
  disabled        INTEGER NOT NULL DEFAULT 0,
  failed_logins   INTEGER NOT NULL DEFAULT 0,
  locked_until_us BIGINT NOT NULL DEFAULT 0,
  version         BIGINT NOT NULL DEFAULT 1,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);

-- Only the SHA-256 of a session token is kept.
CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users (id),
  created_us   BIGINT NOT NULL,
  last_seen_us BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  version    BIGINT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT REFERENCES users (id)
);

-- Append-only; each row's hash covers the row and the previous hash.
CREATE TABLE audit_events (
  seq       BIGINT PRIMARY KEY,
  at        TEXT NOT NULL,
  user_id   TEXT,
  username  TEXT,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id TEXT,
  client    TEXT,
  detail    TEXT,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX audit_events_by_user ON audit_events (user_id, seq);
CREATE INDEX audit_events_by_entity ON audit_events (entity, entity_id, seq);
CREATE INDEX audit_events_by_time ON audit_events (at);
