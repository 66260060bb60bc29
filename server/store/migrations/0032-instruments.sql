-- 0032-instruments.sql: analyzers that send results (issue 34). Each
-- instrument listens on a port of its own; its codes map to catalogue
-- tests; every message it sent is kept whole, once per sender and
-- message id; results the lab could not place wait in a list a
-- technician resolves. Results say where they came from.

CREATE TABLE instruments (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  protocol   TEXT NOT NULL CHECK (protocol IN ('hl7', 'astm')),
  address    TEXT NOT NULL,
  port       INTEGER NOT NULL CHECK (port BETWEEN 0 AND 65535),
  enabled    INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  version    INTEGER NOT NULL DEFAULT 1,
  created_us INTEGER NOT NULL,
  updated_us INTEGER NOT NULL
);

-- factor: the instrument's value times this is the catalogue's unit
-- (null: as sent); unit: the unit the instrument sends, for the record.
CREATE TABLE instrument_codes (
  instrument_id   TEXT NOT NULL REFERENCES instruments (id),
  instrument_code TEXT NOT NULL,
  test_code       TEXT NOT NULL,
  unit            TEXT,
  factor          DOUBLE PRECISION,
  PRIMARY KEY (instrument_id, instrument_code)
);

CREATE TABLE instrument_messages (
  id            INTEGER PRIMARY KEY,
  instrument_id TEXT NOT NULL REFERENCES instruments (id),
  sender        TEXT NOT NULL,
  message_id    TEXT NOT NULL,
  raw           TEXT NOT NULL,
  summary       TEXT NOT NULL,
  received_us   INTEGER NOT NULL,
  UNIQUE (sender, message_id)
);
CREATE INDEX instrument_messages_by_instrument ON instrument_messages (instrument_id, id);

CREATE TABLE instrument_unmatched (
  id              TEXT PRIMARY KEY,
  instrument_id   TEXT NOT NULL REFERENCES instruments (id),
  message_row     INTEGER NOT NULL REFERENCES instrument_messages (id),
  accession       TEXT,
  instrument_code TEXT,
  value           TEXT,
  units           TEXT,
  flags           TEXT,
  observed_at     TEXT,
  reason          TEXT NOT NULL
    CHECK (reason IN ('unknown-accession', 'unmapped-code', 'not-ordered')),
  received_us     INTEGER NOT NULL,
  resolution      TEXT CHECK (resolution IN ('attached', 'discarded')),
  resolution_note TEXT,
  resolved_by     TEXT REFERENCES users (id),
  resolved_us     INTEGER
);
CREATE INDEX instrument_unmatched_open ON instrument_unmatched (resolved_us, received_us);

-- source: 'typed', or the instrument's name; instrument_flags: its
-- abnormal flags as sent; observed_at: its time of measurement, as sent.
ALTER TABLE results ADD COLUMN source TEXT;
ALTER TABLE results ADD COLUMN instrument_flags TEXT;
ALTER TABLE results ADD COLUMN observed_at TEXT;
