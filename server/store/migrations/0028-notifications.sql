-- 0028-notifications.sql: the notification outbox (docs/architecture.md,
-- "Notifications"). A row is written in the same transaction as the change
-- that causes it, so a committed change always has its message and a
-- rolled-back one never does; the sender (ld-notify-sender.c) claims due
-- rows, sends them and records the outcome.
--
-- state: waiting (due at next_attempt_us; after a temporary failure too),
-- sending (claimed by claimed_by until claim_until), sent, failed (stopped
-- for a person to look at: interrupted while sending, so perhaps sent),
-- given_up (refused for good, or retried past the configured time).

CREATE TABLE notifications (
  id              TEXT PRIMARY KEY,
  patient_id      TEXT NOT NULL REFERENCES patients (id),
  order_id        TEXT REFERENCES orders (id),
  channel         TEXT NOT NULL CHECK (channel IN ('email')),
  template        TEXT NOT NULL,
  language        TEXT NOT NULL CHECK (language IN ('en', 'hi')),
  -- The facts the template needs, as a JSON object.
  facts           TEXT NOT NULL,
  recipient       TEXT NOT NULL,
  state           TEXT NOT NULL
                  CHECK (state IN ('waiting', 'sending', 'sent', 'failed', 'given_up')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_us INTEGER NOT NULL,
  last_error      TEXT,
  -- The mail server's answer to the accepted message ("250 … queued as …").
  provider_id     TEXT,
  created_us      INTEGER NOT NULL,
  sent_us         INTEGER,
  claimed_by      TEXT,
  claim_until     INTEGER
);
CREATE INDEX notifications_due ON notifications (state, next_attempt_us);
CREATE INDEX notifications_by_order ON notifications (order_id);
