-- 0008-web-registration.sql (PostgreSQL): SQLite's 0033-web-registration.sql,
-- a web registration parked for the desk's review, in PostgreSQL's types.

ALTER TABLE web_account_patients ADD COLUMN needs_review BIGINT NOT NULL DEFAULT 0;
CREATE INDEX web_account_patients_to_review ON web_account_patients (needs_review)
  WHERE needs_review = 1;
