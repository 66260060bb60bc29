-- 0004-notify-consent.sql (PostgreSQL): SQLite's 0029-notify-consent.sql,
-- a patient's consent to messages and the outbox's withheld state.

ALTER TABLE patients ADD COLUMN email_do_not_send BIGINT NOT NULL DEFAULT 0;
ALTER TABLE patients ADD COLUMN phone_do_not_send BIGINT NOT NULL DEFAULT 0;

ALTER TABLE notifications DROP CONSTRAINT notifications_state_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_state_check
  CHECK (state IN ('waiting', 'sending', 'sent', 'failed', 'given_up', 'withheld',
                   'cancelled'));
ALTER TABLE notifications ADD COLUMN resent_from TEXT;
CREATE UNIQUE INDEX notifications_once_per_order ON notifications (order_id, template)
  WHERE template = 'order-expiring' AND resent_from IS NULL;
