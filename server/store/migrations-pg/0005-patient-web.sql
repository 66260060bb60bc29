-- 0005-patient-web.sql (PostgreSQL): SQLite's 0030-patient-web.sql, the
-- patient's own web pages, in PostgreSQL's types.

CREATE TABLE web_accounts (
  id          TEXT PRIMARY KEY,
  email       TEXT NOT NULL UNIQUE,
  phone       TEXT,
  created_us  BIGINT NOT NULL
);

CREATE TABLE web_account_patients (
  account_id  TEXT NOT NULL REFERENCES web_accounts (id),
  patient_id  TEXT NOT NULL REFERENCES patients (id),
  relation    TEXT NOT NULL CHECK (relation IN ('self', 'family')),
  linked_by   TEXT NOT NULL CHECK (linked_by IN ('desk-code', 'registered')),
  linked_us   BIGINT NOT NULL,
  PRIMARY KEY (account_id, patient_id)
);
CREATE INDEX web_account_patients_by_patient ON web_account_patients (patient_id);

CREATE TABLE web_sign_in_codes (
  email         TEXT PRIMARY KEY,
  code_hash     TEXT NOT NULL,
  expires_us    BIGINT NOT NULL,
  tries         BIGINT NOT NULL DEFAULT 0,
  cool_until_us BIGINT NOT NULL DEFAULT 0,
  created_us    BIGINT NOT NULL
);

CREATE TABLE web_sessions (
  token_hash   TEXT PRIMARY KEY,
  account_id   TEXT NOT NULL REFERENCES web_accounts (id),
  csrf         TEXT NOT NULL,
  cart         TEXT NOT NULL DEFAULT '[]',
  created_us   BIGINT NOT NULL,
  last_seen_us BIGINT NOT NULL
);
CREATE INDEX web_sessions_by_account ON web_sessions (account_id);

CREATE TABLE web_link_codes (
  code_hash   TEXT PRIMARY KEY,
  patient_id  TEXT NOT NULL REFERENCES patients (id),
  issued_by   TEXT NOT NULL REFERENCES users (id),
  created_us  BIGINT NOT NULL,
  expires_us  BIGINT NOT NULL,
  used_us     BIGINT,
  used_by     TEXT REFERENCES web_accounts (id)
);
CREATE INDEX web_link_codes_by_patient ON web_link_codes (patient_id);

ALTER TABLE orders ADD COLUMN channel TEXT NOT NULL DEFAULT 'desk'
  CHECK (channel IN ('desk', 'web'));

ALTER TABLE notifications ALTER COLUMN patient_id DROP NOT NULL;
