-- 0016-web-sign-in-by-sms.sql (PostgreSQL): SQLite's
-- 0041-web-sign-in-by-sms.sql, an account by e-mail address or mobile
-- number, each unique, at least one of the two; a code kept for either.

ALTER TABLE web_accounts ALTER COLUMN email DROP NOT NULL;
ALTER TABLE web_accounts ADD CONSTRAINT web_accounts_phone_key UNIQUE (phone);
ALTER TABLE web_accounts ADD CONSTRAINT web_accounts_email_or_phone
  CHECK (email IS NOT NULL OR phone IS NOT NULL);

ALTER TABLE web_sign_in_codes RENAME COLUMN email TO address;
