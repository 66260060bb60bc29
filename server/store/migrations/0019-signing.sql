-- 0019-signing.sql: who may sign a report, critical values telephoned,
-- results sent back for re-entry, and the report's interpretation.

-- An authorised signatory: a user the administrator marks so, with the
-- qualification and registration number the report prints beside the
-- name, and optionally an image of the signature (a PNG). Every existing
-- user starts as no signatory.
ALTER TABLE users ADD COLUMN qualification TEXT;
ALTER TABLE users ADD COLUMN registration_number TEXT;
ALTER TABLE users ADD COLUMN can_sign_reports INTEGER NOT NULL DEFAULT 0
  CHECK (can_sign_reports IN (0, 1));
ALTER TABLE users ADD COLUMN signature_png BLOB;

-- The telephone call that told someone of a critical value before it was
-- verified: whom (name, and role or relationship), when, by whom; the
-- person called read the value back. NULL for a result verified without
-- one (not critical, or verified before this was asked for).
ALTER TABLE results ADD COLUMN critical_call_name TEXT;
ALTER TABLE results ADD COLUMN critical_call_role TEXT;
ALTER TABLE results ADD COLUMN critical_call_at TEXT;
-- critical_call_by is a user's id, kept without a foreign key so that a
-- column of this migration can be dropped again (tests/test-store.c).
ALTER TABLE results ADD COLUMN critical_call_by TEXT;

-- A verified result sent back for re-entry keeps what it said in its
-- history beside amendments: kind 'returned' rows have no new value and
-- no report version.
ALTER TABLE result_amendments ADD COLUMN kind TEXT NOT NULL DEFAULT 'amendment'
  CHECK (kind IN ('amendment', 'returned'));

-- The pathologist's interpretation of the whole report.
ALTER TABLE orders ADD COLUMN interpretation TEXT;
