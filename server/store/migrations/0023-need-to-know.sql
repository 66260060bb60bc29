-- 0023-need-to-know.sql: issue 15, a doctor reads the results of their
-- own patients; anyone else's only by breaking the glass, for a while.

-- A doctor's patients are those of the orders naming them: one seek.
CREATE INDEX orders_by_doctor_patient ON orders (doctor_id, patient_id);

-- Every time a doctor broke the glass: who, for whom, why, and until when
-- it opens that patient's results to them. Never changed nor removed.
CREATE TABLE break_glass (
  id         TEXT PRIMARY KEY,
  doctor_id  TEXT NOT NULL REFERENCES users (id),
  patient_id TEXT NOT NULL REFERENCES patients (id),
  reason     TEXT NOT NULL,
  at_us      BIGINT NOT NULL,
  until_us   BIGINT NOT NULL
);
-- Whether a grant is open: one seek per doctor and patient.
CREATE INDEX break_glass_open ON break_glass (doctor_id, patient_id, until_us);
-- The administrators' list, newest first.
CREATE INDEX break_glass_by_time ON break_glass (at_us, id);

-- The patient a change's record is about (orders, results, samples,
-- reports, alerts); null for records every reader of its roles sees.
ALTER TABLE changes ADD COLUMN patient_id TEXT;
-- The one doctor a change is for (an alert: its order's doctor; '' when
-- the order names none); null when any doctor of the patient reads it.
ALTER TABLE changes ADD COLUMN doctor_id TEXT;

UPDATE changes SET patient_id = (SELECT o.patient_id FROM orders o WHERE o.id = changes.entity_id)
 WHERE entity = 'order';
UPDATE changes SET patient_id = (SELECT o.patient_id FROM results r JOIN orders o ON o.id = r.order_id
                                  WHERE r.id = changes.entity_id)
 WHERE entity = 'result';
UPDATE changes SET patient_id = (SELECT o.patient_id FROM samples s JOIN orders o ON o.id = s.order_id
                                  WHERE s.id = changes.entity_id)
 WHERE entity = 'sample';
UPDATE changes SET patient_id = (SELECT o.patient_id FROM reports r JOIN orders o ON o.id = r.order_id
                                  WHERE r.id = changes.entity_id)
 WHERE entity = 'report';
UPDATE changes SET patient_id = (SELECT o.patient_id FROM alerts a JOIN orders o ON o.id = a.order_id
                                  WHERE a.id = changes.entity_id),
                   doctor_id = coalesce ((SELECT a.doctor_id FROM alerts a WHERE a.id = changes.entity_id), '')
 WHERE entity = 'alert';
-- A record of those kinds whose row is gone is kept from every doctor.
UPDATE changes SET patient_id = ''
 WHERE entity IN ('order', 'result', 'sample', 'report', 'alert') AND patient_id IS NULL;
