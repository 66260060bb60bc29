-- 0037-appointment-notify.sql: appointments' messages through the outbox
-- (issues 31 and 33; docs/architecture.md, "Notifications"). A message
-- about an appointment names it (appointment_id) and the slot it speaks
-- of (appointment_slot_us): a reminder the day before, a cancellation, a
-- move to a new time.
--
-- A reminder is written once per appointment, slot and channel, whichever
-- sweep finds it first and however often the sweeps run: the partial
-- unique index notifications_reminder_once holds that on both backends.
-- A rescheduled appointment's new slot is a new key, so it is reminded
-- again for its new time; a resend is a copy and does not count.
--
-- appointments.reminded_slot_us is the slot the reminder sweep last
-- handled, written even when the patient has no address to write to, so
-- the sweep never looks at that appointment again for that slot.

ALTER TABLE notifications ADD COLUMN appointment_id TEXT REFERENCES appointments (id);
ALTER TABLE notifications ADD COLUMN appointment_slot_us INTEGER;
CREATE INDEX notifications_by_appointment ON notifications (appointment_id);
CREATE UNIQUE INDEX notifications_reminder_once
  ON notifications (appointment_id, appointment_slot_us, channel)
  WHERE template = 'appointment-reminder' AND resent_from IS NULL;

ALTER TABLE appointments ADD COLUMN reminded_slot_us INTEGER;
