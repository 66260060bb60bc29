-- 0010-appointments.sql: the clinic's appointments, for the live queues.
--
-- An appointment record (docs/api.md, "Visits and appointments") as the
-- feed brings it, with the day and the doctor it is for beside it, so
-- that a day's queue, one doctor's or every doctor's, is an index range.
-- The order inside the day is the shared queue rule's
-- (shared/domain/ld-appointment-queue.c), applied in C as it is read.
-- Appointments an older Labdesk kept among the other records move here.
-- IF NOT EXISTS: a cache rewound to an older schema (test-client-cache's
-- stale phone keys) runs this again over its own table.
CREATE TABLE IF NOT EXISTS appointments (
  id        TEXT PRIMARY KEY,
  day       TEXT NOT NULL,
  doctor_id TEXT NOT NULL,
  version   INTEGER NOT NULL DEFAULT 0,
  record    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS appointments_by_day ON appointments (day, doctor_id);
INSERT OR IGNORE INTO appointments (id, day, doctor_id, version, record)
  SELECT id, json_extract (record, '$.day'), json_extract (record, '$.doctor_id'),
         coalesce (json_extract (record, '$.version'), 0), record
  FROM records
  WHERE entity = 'appointment' AND json_extract (record, '$.day') IS NOT NULL
    AND json_extract (record, '$.doctor_id') IS NOT NULL;
DELETE FROM records WHERE entity = 'appointment';
