-- 0029-notify-consent.sql: a patient's consent to messages, and what the
-- outbox records about it (docs/architecture.md, "Notifications").
--
-- A patient may ask not to be sent messages at their e-mail address or
-- phone number. A message for them is still written, in the state
-- withheld, so the desk sees that it was not sent and why. An
-- administrator may cancel a message not yet sent: cancelled.
--
-- resent_from names the row a resend copied (POST
-- /api/v1/notifications/{id}/resend). An order's "expiring tomorrow"
-- message is written once, whichever sweep finds it first; a resend of it
-- is a copy and does not count.

ALTER TABLE patients ADD COLUMN email_do_not_send INTEGER NOT NULL DEFAULT 0;
ALTER TABLE patients ADD COLUMN phone_do_not_send INTEGER NOT NULL DEFAULT 0;

-- SQLite cannot change a CHECK in place: the table is copied into a new
-- one with the added state.
CREATE TABLE notifications_new (
  id              TEXT PRIMARY KEY,
  patient_id      TEXT NOT NULL REFERENCES patients (id),
  order_id        TEXT REFERENCES orders (id),
  channel         TEXT NOT NULL CHECK (channel IN ('email')),
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
                               provider_id, created_us, sent_us, claimed_by, claim_until)
  SELECT id, patient_id, order_id, channel, template, language, facts, recipient, state,
         attempts, next_attempt_us, last_error, provider_id, created_us, sent_us, claimed_by,
         claim_until
    FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_due ON notifications (state, next_attempt_us);
CREATE INDEX notifications_by_order ON notifications (order_id);
CREATE UNIQUE INDEX notifications_once_per_order ON notifications (order_id, template)
  WHERE template = 'order-expiring' AND resent_from IS NULL;
