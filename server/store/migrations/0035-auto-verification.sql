-- 0035-auto-verification.sql: which tests' results the rules may verify
-- (issue 34, CLSI AUTO10). No row: off. rules: the rules that apply, as
-- bits (1 range, 2 critical, 4 delta, 8 flags, 16 sample, 32 instrument:
-- LdAutoRule); version: the rule set's, one more at each save, so that
-- the audit trail can name it.

CREATE TABLE auto_verification (
  test_code  TEXT PRIMARY KEY,
  enabled    INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  rules      INTEGER NOT NULL CHECK (rules BETWEEN 0 AND 63),
  version    INTEGER NOT NULL CHECK (version > 0),
  updated_by TEXT REFERENCES users (id),
  updated_us INTEGER NOT NULL
);
