-- sqlite-held-and-parked.sql: two lists that walked history on SQLite,
-- before and after migration 0053 (issue 36)
--
-- Copyright 2026 The Labdesk authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Prints times; it is not a test. On a new file (never a lab's):
--   sqlite3 /tmp/held.db < bench/sqlite-held-and-parked.sql
--
-- 100,000 analyzer results held as unmatched, 500 of them still open;
-- 200,000 patients, 20,000 linked to web accounts, 4 parked for the
-- desk's review. The statements are the store's
-- (ld-store-instruments.c, ld-store-web-review.c), with their parameters
-- written as values, as they were and as they are.
--
-- Figures (2026-11-29, sqlite3 3.40.1, two runs): the open list 9-15 ms
-- and the whole list 18-28 ms as one statement on the old index, 1-2 ms
-- and under 1 ms each on its own; the parked registrations 165-304 ms
-- walking every patient, under 1 ms from the parked links.

CREATE TABLE instruments (id TEXT PRIMARY KEY, name TEXT);
INSERT INTO instruments VALUES ('i1', 'Cobas');
CREATE TABLE instrument_unmatched (id TEXT PRIMARY KEY, instrument_id TEXT NOT NULL REFERENCES instruments (id), message_row INTEGER NOT NULL,
  accession TEXT, instrument_code TEXT, value TEXT, units TEXT, flags TEXT, observed_at TEXT, reason TEXT NOT NULL, received_us INTEGER NOT NULL,
  resolution TEXT, resolution_note TEXT, resolved_by TEXT, resolved_us INTEGER);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO instrument_unmatched SELECT printf('u%08d', i), 'i1', i, 'S' || i, 'K', '4.1', 'mmol/L', 'N', 'x', 'unknown-accession', i * 1000000,
  CASE WHEN i % 200 = 0 THEN NULL ELSE 'discarded' END, NULL, NULL, CASE WHEN i % 200 = 0 THEN NULL ELSE i * 1000000 + 5 END FROM n;
CREATE TABLE patients (id TEXT PRIMARY KEY, created_at TEXT, merged_into TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
INSERT INTO patients SELECT printf('p%08d', i), printf('2026-%08d', i), NULL FROM n;
CREATE INDEX patients_by_created ON patients (created_at, id);
CREATE TABLE web_account_patients (account_id TEXT, patient_id TEXT, needs_review INTEGER NOT NULL DEFAULT 0);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO web_account_patients SELECT 'a' || i, printf('p%08d', i * 10), CASE WHEN i % 5000 = 0 THEN 1 ELSE 0 END FROM n;
CREATE INDEX web_account_patients_by_patient ON web_account_patients (patient_id);
CREATE INDEX web_account_patients_to_review ON web_account_patients (needs_review) WHERE needs_review = 1;
.timer on
.print == old unmatched index, one statement: open, all
CREATE INDEX instrument_unmatched_open ON instrument_unmatched (resolved_us, received_us);
SELECT count(*) FROM (SELECT u.id, i.name FROM instrument_unmatched u JOIN instruments i ON i.id = u.instrument_id WHERE (1 = 0 OR u.resolved_us IS NULL) ORDER BY u.received_us, u.id LIMIT 500);
SELECT count(*) FROM (SELECT u.id, i.name FROM instrument_unmatched u JOIN instruments i ON i.id = u.instrument_id WHERE (0 = 0 OR u.resolved_us IS NULL) ORDER BY u.received_us, u.id LIMIT 500);
DROP INDEX instrument_unmatched_open;
.print == new indexes, one statement each: open, all
CREATE INDEX instrument_unmatched_open ON instrument_unmatched (received_us, id) WHERE resolved_us IS NULL;
CREATE INDEX instrument_unmatched_by_time ON instrument_unmatched (received_us, id);
SELECT count(*) FROM (SELECT u.id, i.name FROM instrument_unmatched u JOIN instruments i ON i.id = u.instrument_id WHERE u.resolved_us IS NULL ORDER BY u.received_us, u.id LIMIT 500);
SELECT count(*) FROM (SELECT u.id, i.name FROM instrument_unmatched u JOIN instruments i ON i.id = u.instrument_id ORDER BY u.received_us, u.id LIMIT 500);
.print == web review, as was, then from the parked links
SELECT count(*) FROM (SELECT p.id FROM patients p WHERE p.merged_into IS NULL AND EXISTS (SELECT 1 FROM web_account_patients w WHERE w.patient_id = p.id AND w.needs_review = 1) ORDER BY p.created_at, p.id LIMIT 200);
SELECT count(*) FROM (SELECT p.id FROM patients p WHERE p.id IN (SELECT w.patient_id FROM web_account_patients w WHERE w.needs_review = 1) AND p.merged_into IS NULL ORDER BY p.created_at, p.id LIMIT 200);
