-- 0041-web-sign-in-by-sms.sql: a patient signs in to the patient pages
-- with a code by SMS where [sms] sends "sign-in-code" (docs/api.md,
-- "POST /my/sign-in"). An account is then an e-mail address or a mobile
-- number (E.164, "+919845011111"), each unique, at least one of the two.
-- A sign-in code is kept for the address it went to, either kind.

-- SQLite cannot drop a NOT NULL in place: the table is copied aside and
-- made again under its own name, so that the tables that refer to it
-- (web_account_patients, web_sessions, web_link_codes) keep referring to
-- it. Their keys are checked at commit: the rows put back match them all.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE web_accounts_old AS SELECT id, email, phone, created_us FROM web_accounts;
DROP TABLE web_accounts;
CREATE TABLE web_accounts (
  id          TEXT PRIMARY KEY,
  email       TEXT UNIQUE,
  phone       TEXT UNIQUE,
  created_us  INTEGER NOT NULL,
  CHECK (email IS NOT NULL OR phone IS NOT NULL)
);
INSERT INTO web_accounts (id, email, phone, created_us)
  SELECT id, email, phone, created_us FROM web_accounts_old;
DROP TABLE web_accounts_old;

ALTER TABLE web_sign_in_codes RENAME COLUMN email TO address;
