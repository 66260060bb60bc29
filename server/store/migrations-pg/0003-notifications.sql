-- 0003-notifications.sql (PostgreSQL): SQLite's 0028-notifications.sql,
-- the notification outbox, in PostgreSQL's types.

CREATE TABLE notifications (
  id              TEXT PRIMARY KEY,
  patient_id      TEXT NOT NULL REFERENCES patients (id),
  order_id        TEXT REFERENCES orders (id),
  channel         TEXT NOT NULL CHECK (channel IN ('email')),
  template        TEXT NOT NULL,
  language        TEXT NOT NULL CHECK (language IN ('en', 'hi')),
  facts           TEXT NOT NULL,
  recipient       TEXT NOT NULL,
  state           TEXT NOT NULL
                  CHECK (state IN ('waiting', 'sending', 'sent', 'failed', 'given_up')),
  attempts        BIGINT NOT NULL DEFAULT 0,
  next_attempt_us BIGINT NOT NULL,
  last_error      TEXT,
  provider_id     TEXT,
  created_us      BIGINT NOT NULL,
  sent_us         BIGINT,
  claimed_by      TEXT,
  claim_until     BIGINT
);
CREATE INDEX notifications_due ON notifications (state, next_attempt_us);
CREATE INDEX notifications_by_order ON notifications (order_id);
