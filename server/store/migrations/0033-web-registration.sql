-- 0033-web-registration.sql: a patient registered on the patient pages
-- (/my/register) who looks like one already registered is parked for the
-- desk: the new record is kept and linked to the account that made it,
-- flagged here for the desk to review and merge, and never joined to the
-- record it resembles.

ALTER TABLE web_account_patients ADD COLUMN needs_review INTEGER NOT NULL DEFAULT 0;
CREATE INDEX web_account_patients_to_review ON web_account_patients (needs_review)
  WHERE needs_review = 1;
