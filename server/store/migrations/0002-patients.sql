-- 0002-patients.sql: patients, their search words, and number counters.

-- Human numbers (MRN, order numbers, accessions) come from here, inside
-- the transaction that uses them, so none is ever given out twice.
CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);

CREATE TABLE patients (
  id               TEXT PRIMARY KEY,
  mrn              TEXT NOT NULL UNIQUE,
  name             TEXT NOT NULL,
  -- ld_text_fold (name), and its words sorted: "priya sharma" finds "Sharma Priya".
  name_fold        TEXT NOT NULL,
  name_key         TEXT NOT NULL,
  sex              TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  date_of_birth    TEXT,
  age_years        INTEGER CHECK (age_years IS NULL OR (age_years >= 0 AND age_years <= 130)),
  phone            TEXT,
  phone_digits     TEXT,
  -- The last ten digits: the number without a country code.
  phone_national   TEXT,
  email            TEXT,
  address          TEXT,
  national_id      TEXT,
  national_id_norm TEXT,
  version          BIGINT NOT NULL DEFAULT 1,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  created_by       TEXT REFERENCES users (id)
);
CREATE INDEX patients_by_name ON patients (name_fold, id);
CREATE INDEX patients_by_name_key ON patients (name_key, date_of_birth);
CREATE INDEX patients_by_phone ON patients (phone_digits);
CREATE INDEX patients_by_phone_national ON patients (phone_national);
CREATE INDEX patients_by_national_id ON patients (national_id_norm);

-- One row per folded word of a name, for word-start search.
CREATE TABLE patient_words (
  word       TEXT NOT NULL,
  patient_id TEXT NOT NULL REFERENCES patients (id),
  PRIMARY KEY (word, patient_id)
);
CREATE INDEX patient_words_by_patient ON patient_words (patient_id);
