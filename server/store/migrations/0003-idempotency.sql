-- 0003-idempotency.sql: the first answer to each Idempotency-Key.

-- Written in the same transaction as the change it answers, so a retry
-- after a crash finds either both or neither.
CREATE TABLE idempotency_keys (
  user_id      TEXT NOT NULL REFERENCES users (id),
  key          TEXT NOT NULL,
  method       TEXT NOT NULL,
  path         TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status       INTEGER NOT NULL,
  response     TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
);
