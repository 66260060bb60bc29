-- 0012-appointment-notify.sql (PostgreSQL): SQLite's
-- 0037-appointment-notify.sql, appointments' messages through the outbox
-- and a reminder once per appointment, slot and channel.

ALTER TABLE notifications ADD COLUMN appointment_id TEXT REFERENCES appointments (id);
ALTER TABLE notifications ADD COLUMN appointment_slot_us BIGINT;
CREATE INDEX notifications_by_appointment ON notifications (appointment_id);
CREATE UNIQUE INDEX notifications_reminder_once
  ON notifications (appointment_id, appointment_slot_us, channel)
  WHERE template = 'appointment-reminder' AND resent_from IS NULL;

ALTER TABLE appointments ADD COLUMN reminded_slot_us BIGINT;
