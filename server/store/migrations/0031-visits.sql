-- 0031-visits.sql: issue 33, the clinic's day: doctors' schedules and
-- leave, appointments (booked, checked in with a token, with the doctor,
-- done, cancelled, no-show), walk-ins, and the visit record the doctor
-- writes, with its amendments. Orders prescribed during a visit name it.

-- A doctor's working week: the body of PUT …/schedule as it was given
-- (hours per weekday, breaks, slot length), with the columns searched.
CREATE TABLE doctor_schedules (
  doctor_id    TEXT PRIMARY KEY REFERENCES users (id),
  speciality   TEXT,
  room         TEXT,
  slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
  week         TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1,
  updated_us   INTEGER NOT NULL
);
CREATE INDEX doctor_schedules_by_speciality ON doctor_schedules (speciality);

CREATE TABLE doctor_leave (
  doctor_id  TEXT NOT NULL REFERENCES users (id),
  day        TEXT NOT NULL,
  reason     TEXT,
  created_by TEXT NOT NULL REFERENCES users (id),
  created_us INTEGER NOT NULL,
  PRIMARY KEY (doctor_id, day)
);

-- day: the local date the appointment (or walk-in) is for; slot_us its
-- slot's start, null for a walk-in; token: the number the desk prints
-- at check-in, one series per doctor per day.
CREATE TABLE appointments (
  id            TEXT PRIMARY KEY,
  doctor_id     TEXT NOT NULL REFERENCES users (id),
  patient_id    TEXT NOT NULL REFERENCES patients (id),
  day           TEXT NOT NULL,
  slot_us       INTEGER,
  overbooked    INTEGER NOT NULL DEFAULT 0 CHECK (overbooked IN (0, 1)),
  state         TEXT NOT NULL CHECK (state IN ('booked', 'checked_in', 'with_doctor', 'done',
                                               'cancelled', 'no_show')),
  token         INTEGER,
  note          TEXT,
  cancel_reason TEXT,
  booked_by     TEXT NOT NULL REFERENCES users (id),
  booked_us     INTEGER NOT NULL,
  checked_in_us INTEGER,
  started_us    INTEGER,
  done_us       INTEGER,
  version       INTEGER NOT NULL DEFAULT 1,
  CHECK (state <> 'cancelled' OR cancel_reason IS NOT NULL)
);
-- No double booking, ever: one live appointment per doctor and slot.
-- An overbooking is the desk's explicit, audited choice, outside it.
CREATE UNIQUE INDEX appointments_one_per_slot ON appointments (doctor_id, slot_us)
  WHERE state NOT IN ('cancelled', 'no_show') AND overbooked = 0;
CREATE UNIQUE INDEX appointments_token ON appointments (doctor_id, day, token);
CREATE INDEX appointments_by_day ON appointments (day, doctor_id);
-- Need-to-know: a visit makes the patient the doctor's (one seek).
CREATE INDEX appointments_by_doctor_patient ON appointments (doctor_id, patient_id);
CREATE INDEX appointments_by_patient ON appointments (patient_id, day);

CREATE TABLE visits (
  id               TEXT PRIMARY KEY,
  appointment_id   TEXT NOT NULL REFERENCES appointments (id),
  patient_id       TEXT NOT NULL REFERENCES patients (id),
  doctor_id        TEXT NOT NULL REFERENCES users (id),
  complaint        TEXT,
  findings         TEXT,
  diagnosis        TEXT,
  icd10            TEXT,
  advice           TEXT,
  follow_up        TEXT,
  bp_systolic      INTEGER,
  bp_diastolic     INTEGER,
  pulse            INTEGER,
  temperature      REAL,
  spo2             INTEGER,
  respiratory_rate INTEGER,
  weight           REAL,
  height           REAL,
  signed_by        TEXT REFERENCES users (id),
  signed_us        INTEGER,
  created_us       INTEGER NOT NULL,
  updated_us       INTEGER NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX visits_by_appointment ON visits (appointment_id);
CREATE INDEX visits_by_patient ON visits (patient_id, created_us);

-- A signed visit is amended as results are: the text it had is kept.
CREATE TABLE visit_amendments (
  id         TEXT PRIMARY KEY,
  visit_id   TEXT NOT NULL REFERENCES visits (id),
  version    INTEGER NOT NULL,
  record     TEXT NOT NULL,
  reason     TEXT NOT NULL,
  amended_by TEXT NOT NULL REFERENCES users (id),
  amended_us INTEGER NOT NULL
);
CREATE INDEX visit_amendments_by_visit ON visit_amendments (visit_id, version);

ALTER TABLE orders ADD COLUMN visit_id TEXT REFERENCES visits (id);
