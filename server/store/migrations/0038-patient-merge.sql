-- 0038-patient-merge.sql: the desk settles a web registration parked for
-- its review (0033-web-registration.sql). When the patient was already
-- registered, the parked record is merged into the existing one: its rows
-- move there, and the record is kept, marked with the record it became,
-- so the audit trail and old links still name something; search and the
-- likely-duplicate check skip it.

ALTER TABLE patients ADD COLUMN merged_into TEXT REFERENCES patients (id);
