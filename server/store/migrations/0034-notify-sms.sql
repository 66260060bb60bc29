-- 0034-notify-sms.sql: the outbox's SMS channel (docs/architecture.md,
-- "Notifications"). A message by SMS is a row like an e-mail's, with
-- channel 'sms' and the patient's phone (E.164) as its recipient; the
-- sender posts it to the configured gateway ([sms], ld-sms.c).
--
-- An order's "expiring tomorrow" message is written once per channel.

-- SQLite cannot change a CHECK in place: the table is copied into a new
-- one with the added channel (patient_id optional since 0030).
CREATE TABLE notifications_new (
  id              TEXT PRIMARY KEY,
  patient_id      TEXT REFERENCES patients (id),
  order_id        TEXT REFERENCES orders (id),
  channel         TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  template        TEXT NOT NULL,
  language        TEXT NOT NULL CHECK (language IN ('en', 'hi')),
  facts           TEXT NOT NULL,
  recipient       TEXT NOT NULL,
  state           TEXT NOT NULL
                  CHECK (state IN ('waiting', 'sending', 'sent', 'failed', 'given_up',
                                   'withheld', 'cancelled')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_us INTEGER NOT NULL,
  last_error      TEXT,
  provider_id     TEXT,
  created_us      INTEGER NOT NULL,
  sent_us         INTEGER,
  claimed_by      TEXT,
  claim_until     INTEGER,
  resent_from     TEXT
);
INSERT INTO notifications_new (id, patient_id, order_id, channel, template, language, facts,
                               recipient, state, attempts, next_attempt_us, last_error,
                               provider_id, created_us, sent_us, claimed_by, claim_until,
                               resent_from)
  SELECT id, patient_id, order_id, channel, template, language, facts, recipient, state,
         attempts, next_attempt_us, last_error, provider_id, created_us, sent_us, claimed_by,
         claim_until, resent_from
    FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_due ON notifications (state, next_attempt_us);
CREATE INDEX notifications_by_order ON notifications (order_id);
CREATE UNIQUE INDEX notifications_once_per_order ON notifications (order_id, template, channel)
  WHERE template = 'order-expiring' AND resent_from IS NULL;
