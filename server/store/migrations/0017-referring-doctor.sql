-- 0017-referring-doctor.sql: an outside referring doctor, named as typed.
--
-- Many patients come with a slip from a doctor who is not a Labdesk user.
-- The desk types that doctor's name; it is kept on the order, printed on
-- the report and the receipt. An order names at most one referring
-- doctor: a doctor user (doctor_id) or a typed name, never both.

ALTER TABLE orders ADD COLUMN referring_doctor_name TEXT
  CHECK (referring_doctor_name IS NULL OR doctor_id IS NULL);
