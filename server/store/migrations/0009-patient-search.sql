-- 0009-patient-search.sql: a name index that serves a page in name order.
--
-- patient_words found every patient with a matching word, and the search
-- then sorted them all by name: fine for "zoe", 80,000 rows for "ku" in a
-- register of a million. Here every word start a desk can type is a row
-- keyed by the name order, so a page is a short walk along one key, and a
-- search of several words steps through their lists side by side (see
-- ld-store-patients-search.c).
--
-- Each folded word of the name gives its starts of one to three letters
-- and the whole word: "kumar" is k, ku, kum and kumar. A typed word of four
-- letters or more is looked up as the whole words it begins ("kuma" is
-- kumar and kumari), which are few, so no longer starts are stored.
-- WITHOUT ROWID: the table is its own index, half the size of a table plus
-- an index on the same columns.
CREATE TABLE patient_name_prefixes (
  prefix     TEXT NOT NULL,
  name_fold  TEXT NOT NULL,
  patient_id TEXT NOT NULL REFERENCES patients (id),
  PRIMARY KEY (prefix, name_fold, patient_id)
) WITHOUT ROWID;

INSERT INTO patient_name_prefixes (prefix, name_fold, patient_id)
SELECT substr (w.word, 1, n.n), p.name_fold, w.patient_id
  FROM patient_words w
  JOIN patients p ON p.id = w.patient_id
  JOIN (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) n ON n.n < length (w.word)
UNION
SELECT w.word, p.name_fold, w.patient_id
  FROM patient_words w
  JOIN patients p ON p.id = w.patient_id
ORDER BY 1, 2, 3;

DROP TABLE patient_words;
