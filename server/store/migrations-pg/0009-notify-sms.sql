-- 0009-notify-sms.sql (PostgreSQL): SQLite's 0034-notify-sms.sql, the
-- outbox's SMS channel; an order's "expiring tomorrow" message once per
-- channel.

ALTER TABLE notifications DROP CONSTRAINT notifications_channel_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_channel_check
  CHECK (channel IN ('email', 'sms'));
DROP INDEX notifications_once_per_order;
CREATE UNIQUE INDEX notifications_once_per_order ON notifications (order_id, template, channel)
  WHERE template = 'order-expiring' AND resent_from IS NULL;
