-- pg-doctor-feed.sql: what a doctor's poll of the change feed costs on
-- PostgreSQL when the doctor has a long history (issue 36)
--
-- Copyright 2026 The Labdesk authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Prints plans and times; it is not a test. On a scratch database of a
-- PostgreSQL 15 server (never a lab's):
--   createdb -l C feedbench && psql -d feedbench -f bench/pg-doctor-feed.sql
--
-- The tables are the columns and indexes the feed's statement reads
-- (server/store/migrations-pg/), filled as a busy clinic's after a few
-- years: 200,000 orders, 40 % of them by one doctor (d1), over 60,000
-- patients; 30,000 appointments; 1,000,000 changes. The statement is the
-- store's (ld-store-changes.c, VISIBLE), with ?N written $N, in two
-- forms: its EXISTS probes as they were, and ended by SEEK_EACH
-- (LIMIT 1 OFFSET 0). Each is run for a poll (the last 100 changes) and a
-- page from the middle (500), with PostgreSQL's plan for the values and
-- with the generic plan, JIT on and off.
--
-- Figures (2026-11-29, this two-core machine, buffers warm, four runs):
--   as was (hashed subplans), the plan for the values: a poll 4.8-8.9 ms,
--   a page 25-51 ms; SEEK_EACH: 0.37-0.62 ms and 3.6-6.4 ms. The generic
--   plan with JIT on compiled at every run: 348-455 ms as was, 183-189 ms
--   with SEEK_EACH, whose run takes 0.4 ms with JIT off.

\set ON_ERROR_STOP on
DROP TABLE IF EXISTS changes, orders, break_glass, appointments;
CREATE TABLE changes (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, entity TEXT NOT NULL,
  entity_id TEXT NOT NULL, visible_to BIGINT NOT NULL, commit_id BIGINT NOT NULL,
  record TEXT NOT NULL, at TEXT NOT NULL, patient_id TEXT, doctor_id TEXT);
CREATE INDEX changes_entity ON changes (entity, entity_id);
CREATE TABLE orders (id TEXT PRIMARY KEY, patient_id TEXT NOT NULL, doctor_id TEXT,
                     created_us BIGINT);
CREATE INDEX orders_by_doctor_patient ON orders (doctor_id, patient_id);
CREATE INDEX orders_by_patient ON orders (patient_id, created_us, id);
CREATE TABLE break_glass (id TEXT PRIMARY KEY, doctor_id TEXT, patient_id TEXT,
                          until_us BIGINT, at_us BIGINT);
CREATE INDEX break_glass_open ON break_glass (doctor_id, patient_id, until_us);
CREATE TABLE appointments (id TEXT PRIMARY KEY, doctor_id TEXT, patient_id TEXT,
                           state TEXT, day TEXT);
CREATE INDEX appointments_by_doctor_patient ON appointments (doctor_id, patient_id);

INSERT INTO orders
  SELECT 'o' || g, 'p' || (g % 60000),
         CASE WHEN g % 10 < 4 THEN 'd1' WHEN g % 10 < 8 THEN 'd' || (2 + g % 20) END, g
  FROM generate_series (1, 200000) g;
INSERT INTO appointments
  SELECT 'a' || g, CASE WHEN g % 2 = 0 THEN 'd1' ELSE 'd2' END, 'p' || (g % 60000), 'done',
         '2026-01-01'
  FROM generate_series (1, 30000) g;
-- Five changes an order, each about a patient, readable by a doctor (4)
-- only when the patient is theirs; 16 stands for a role that reads all.
INSERT INTO changes (entity, entity_id, visible_to, commit_id, record, at, patient_id)
  SELECT 'order', 'o' || (g / 5), 15, g / 5, repeat ('x', 300), 'now', 'p' || ((g / 5) % 60000)
  FROM generate_series (1, 1000000) g;
ANALYZE;

PREPARE hashed (bigint, bigint, bigint, bigint, text, bigint) AS
SELECT seq, entity, entity_id, at, record, commit_id FROM changes WHERE seq > $1
  AND ((changes.visible_to & $3) <> 0 OR ((changes.visible_to & $4) <> 0
  AND (changes.doctor_id IS NULL OR changes.doctor_id = $5) AND (changes.patient_id IS NULL
   OR EXISTS (SELECT 1 FROM orders mine WHERE mine.doctor_id = $5
              AND mine.patient_id = changes.patient_id)
   OR EXISTS (SELECT 1 FROM break_glass g WHERE g.doctor_id = $5
              AND g.patient_id = changes.patient_id AND g.until_us > $6)
   OR EXISTS (SELECT 1 FROM appointments seen WHERE seen.doctor_id = $5
              AND seen.patient_id = changes.patient_id
              AND seen.state IN ('checked_in', 'with_doctor', 'done')))))
  ORDER BY seq LIMIT $2;
PREPARE seeks (bigint, bigint, bigint, bigint, text, bigint) AS
SELECT seq, entity, entity_id, at, record, commit_id FROM changes WHERE seq > $1
  AND ((changes.visible_to & $3) <> 0 OR ((changes.visible_to & $4) <> 0
  AND (changes.doctor_id IS NULL OR changes.doctor_id = $5) AND (changes.patient_id IS NULL
   OR EXISTS (SELECT 1 FROM orders mine WHERE mine.doctor_id = $5
              AND mine.patient_id = changes.patient_id LIMIT 1 OFFSET 0)
   OR EXISTS (SELECT 1 FROM break_glass g WHERE g.doctor_id = $5
              AND g.patient_id = changes.patient_id AND g.until_us > $6 LIMIT 1 OFFSET 0)
   OR EXISTS (SELECT 1 FROM appointments seen WHERE seen.doctor_id = $5
              AND seen.patient_id = changes.patient_id
              AND seen.state IN ('checked_in', 'with_doctor', 'done') LIMIT 1 OFFSET 0))))
  ORDER BY seq LIMIT $2;

-- Warm the buffers once.
EXECUTE hashed (500000, 500, 16, 4, 'd1', 0) \g /dev/null
EXECUTE seeks (500000, 500, 16, 4, 'd1', 0) \g /dev/null

\echo === as was, the plan for the values: a poll, then a page
EXPLAIN (ANALYZE, COSTS OFF) EXECUTE hashed (999900, 500, 16, 4, 'd1', 0);
EXPLAIN (ANALYZE, COSTS OFF) EXECUTE hashed (500000, 500, 16, 4, 'd1', 0);
\echo === SEEK_EACH, the plan for the values: a poll, then a page
EXPLAIN (ANALYZE, COSTS OFF) EXECUTE seeks (999900, 500, 16, 4, 'd1', 0);
EXPLAIN (ANALYZE, COSTS OFF) EXECUTE seeks (500000, 500, 16, 4, 'd1', 0);
SET plan_cache_mode = force_generic_plan;
SET jit = on;
\echo === the generic plan with JIT on, as PostgreSQL ships: as was, then SEEK_EACH
EXPLAIN (ANALYZE, COSTS OFF) EXECUTE hashed (999900, 500, 16, 4, 'd1', 0);
EXPLAIN (ANALYZE, COSTS OFF) EXECUTE seeks (999900, 500, 16, 4, 'd1', 0);
SET jit = off;
\echo === the generic plan with JIT off: as was, then SEEK_EACH (a poll, a page)
EXPLAIN (ANALYZE, COSTS OFF) EXECUTE hashed (999900, 500, 16, 4, 'd1', 0);
EXPLAIN (ANALYZE, COSTS OFF) EXECUTE seeks (999900, 500, 16, 4, 'd1', 0);
EXPLAIN (ANALYZE, COSTS OFF) EXECUTE seeks (500000, 500, 16, 4, 'd1', 0);
