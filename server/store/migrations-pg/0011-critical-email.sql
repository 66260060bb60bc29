-- 0011-critical-email.sql (PostgreSQL): a doctor's own e-mail for
-- critical results (issue 31). A user may have an e-mail address; a
-- doctor who sets critical_email is also e-mailed (template
-- "critical-result") when a critical result raises their in-app alert.
-- The message never carries the value, and never replaces the lab's
-- telephone call.

ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN critical_email BIGINT NOT NULL DEFAULT 0
  CHECK (critical_email IN (0, 1));
