-- 0013-patient-merge.sql (PostgreSQL): SQLite's 0038-patient-merge.sql, a
-- parked web registration merged into the record it duplicated.

ALTER TABLE patients ADD COLUMN merged_into TEXT REFERENCES patients (id);
