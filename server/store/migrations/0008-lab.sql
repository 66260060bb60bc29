-- 0008-lab.sql: the laboratory's side of an order: who works on it, its
-- samples and their custody, results with their amendments, released
-- reports and critical-result alerts.

-- The technician holding the order, and since when; the time it became
-- collectable (paid or cash on collection) flags orders left waiting.
ALTER TABLE orders ADD COLUMN technician_id TEXT REFERENCES users (id);
ALTER TABLE orders ADD COLUMN assigned_us BIGINT;
ALTER TABLE orders ADD COLUMN collectable_us BIGINT;
CREATE INDEX orders_by_technician ON orders (technician_id, lab_state);

-- One per specimen and container an order needs.
CREATE TABLE samples (
  id                 TEXT PRIMARY KEY,
  order_id           TEXT NOT NULL REFERENCES orders (id),
  accession          TEXT NOT NULL UNIQUE,
  specimen           TEXT NOT NULL,
  container          TEXT NOT NULL,
  state              TEXT NOT NULL
    CHECK (state IN ('collected', 'received', 'rejected', 'recollection_requested',
                     'stored', 'disposed')),
  collected_by       TEXT NOT NULL REFERENCES users (id),
  collected_at       TEXT NOT NULL,
  received_by        TEXT REFERENCES users (id),
  received_at        TEXT,
  reject_reason      TEXT,
  location           TEXT,
  -- A recollected sample names the rejected one it replaces.
  replaces_sample_id TEXT REFERENCES samples (id),
  version            BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX samples_by_order ON samples (order_id);

-- Which of the order's tests a sample serves.
CREATE TABLE sample_tests (
  sample_id TEXT NOT NULL REFERENCES samples (id),
  test_code TEXT NOT NULL,
  PRIMARY KEY (sample_id, test_code)
);

-- Every hand a sample passed through, never rewritten.
CREATE TABLE custody_events (
  id        INTEGER PRIMARY KEY,
  sample_id TEXT NOT NULL REFERENCES samples (id),
  event     TEXT NOT NULL
    CHECK (event IN ('collected', 'received', 'rejected', 'recollection_requested',
                     'stored', 'disposed')),
  at        TEXT NOT NULL,
  user_id   TEXT NOT NULL REFERENCES users (id),
  location  TEXT,
  note      TEXT
);
CREATE INDEX custody_by_sample ON custody_events (sample_id, id);

-- One per ordered test. The range and critical limits are copied at
-- entry, so a catalogue edit never changes a reported flag.
CREATE TABLE results (
  id              TEXT PRIMARY KEY,
  order_id        TEXT NOT NULL REFERENCES orders (id),
  test_code       TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'entered', 'verified', 'released', 'amended', 'cancelled')),
  value           TEXT,
  numeric_value   DOUBLE PRECISION,
  unit            TEXT,
  reference_range TEXT,
  critical_low    DOUBLE PRECISION,
  critical_high   DOUBLE PRECISION,
  flag            TEXT,
  comment         TEXT,
  entered_by      TEXT REFERENCES users (id),
  entered_at      TEXT,
  verified_by     TEXT REFERENCES users (id),
  verified_at     TEXT,
  version         BIGINT NOT NULL DEFAULT 1,
  UNIQUE (order_id, test_code)
);
CREATE INDEX results_by_test ON results (test_code, order_id);

-- A change after release: the old value is kept here and shown on the
-- corrected report.
CREATE TABLE result_amendments (
  id         INTEGER PRIMARY KEY,
  result_id  TEXT NOT NULL REFERENCES results (id),
  old_value  TEXT,
  old_flag   TEXT,
  new_value  TEXT,
  new_flag   TEXT,
  reason     TEXT NOT NULL,
  amended_by TEXT NOT NULL REFERENCES users (id),
  amended_at TEXT NOT NULL
);
CREATE INDEX amendments_by_result ON result_amendments (result_id, id);

-- Released reports: version 1 is the original, 2+ are corrected.
CREATE TABLE reports (
  id                TEXT PRIMARY KEY,
  order_id          TEXT NOT NULL REFERENCES orders (id),
  version           INTEGER NOT NULL,
  corrected         INTEGER NOT NULL DEFAULT 0,
  released_by       TEXT NOT NULL REFERENCES users (id),
  released_at       TEXT NOT NULL,
  verification_code TEXT NOT NULL UNIQUE,
  pdf_sha256        TEXT,
  UNIQUE (order_id, version)
);

-- A critical result tells the ordering doctor, who must acknowledge it.
CREATE TABLE alerts (
  id              TEXT PRIMARY KEY,
  order_id        TEXT NOT NULL REFERENCES orders (id),
  result_id       TEXT NOT NULL REFERENCES results (id),
  doctor_id       TEXT REFERENCES users (id),
  flag            TEXT NOT NULL,
  raised_at       TEXT NOT NULL,
  acknowledged_by TEXT REFERENCES users (id),
  acknowledged_at TEXT,
  version         BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX alerts_by_doctor ON alerts (doctor_id, acknowledged_at);
