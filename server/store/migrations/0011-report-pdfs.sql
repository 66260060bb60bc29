-- 0011-report-pdfs.sql: the PDF of every released report version, as it
-- was issued.
--
-- The bytes themselves, not the data to draw them again: a Cairo, Pango,
-- HarfBuzz or font update changes what a new rendering gives, and a
-- version's pdf_sha256 must go on matching what the lab handed out
-- (docs/architecture.md, "Reports"). Kept apart from reports, so listing
-- versions never reads the PDFs.
CREATE TABLE report_pdfs (
  report_id TEXT PRIMARY KEY REFERENCES reports (id),
  pdf       BLOB NOT NULL
);

-- What GET /verify/{code} shows of the patient: the initials the report
-- was issued with, so a later change of name does not change them.
ALTER TABLE reports ADD COLUMN patient_initials TEXT;
