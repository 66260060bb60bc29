-- 0001-cache.sql: the client's copy of what its user may see, the
-- position in the server's change feed, and the outbox of work not yet
-- sent. Records are kept as the server sends them (record, JSON); the
-- columns beside them are what the screens search, sort and filter by.

-- One row. last_seq is the last change of the feed applied here, written
-- in the same transaction as the rows it brought. version counts every
-- write transaction of this cache, so a list knows which state a page
-- it reads belongs to.
CREATE TABLE sync_state (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq  INTEGER NOT NULL DEFAULT 0,
  version   INTEGER NOT NULL DEFAULT 0,
  -- The signed-in user as the server last described them.
  user      TEXT
);
INSERT INTO sync_state (id) VALUES (1);

CREATE TABLE patients (
  id              TEXT PRIMARY KEY,
  mrn             TEXT,
  name_fold       TEXT NOT NULL,
  phone_digits    TEXT,
  phone_national  TEXT,
  national_id     TEXT,
  -- 0 for a registration made here and not yet accepted by the server.
  version         INTEGER NOT NULL,
  record          TEXT NOT NULL
);
CREATE INDEX patients_by_name ON patients (name_fold, id);
CREATE INDEX patients_by_mrn ON patients (mrn);
CREATE INDEX patients_by_phone ON patients (phone_digits);
CREATE INDEX patients_by_phone_national ON patients (phone_national);
CREATE INDEX patients_by_national_id ON patients (national_id);

-- Every one-, two- and three-letter start of every word of every name,
-- in name order: a typed word reads its list from the first row it
-- needs, and several words are joined by seeking (ld-cache-search.c).
CREATE TABLE patient_name_prefixes (
  prefix      TEXT NOT NULL,
  name_fold   TEXT NOT NULL,
  patient_id  TEXT NOT NULL,
  PRIMARY KEY (prefix, name_fold, patient_id)
) WITHOUT ROWID;

-- tab: the worklist tab (0 ready, 1 cod, 2 processing, 3 completed,
-- 4 failed) or NULL; rank: 0 stat, 1 urgent, 2 routine.
CREATE TABLE orders (
  id             TEXT PRIMARY KEY,
  patient_id     TEXT NOT NULL,
  number         TEXT,
  tab            INTEGER,
  rank           INTEGER NOT NULL,
  created_us     INTEGER NOT NULL,
  technician_id  TEXT,
  version        INTEGER NOT NULL,
  record         TEXT NOT NULL
);
CREATE INDEX orders_by_tab ON orders (tab, rank, created_us, id) WHERE tab IS NOT NULL;
CREATE INDEX orders_by_patient ON orders (patient_id, created_us, id);

CREATE TABLE samples (
  id         TEXT PRIMARY KEY,
  order_id   TEXT NOT NULL,
  accession  TEXT,
  state      TEXT,
  version    INTEGER NOT NULL,
  record     TEXT NOT NULL
);
CREATE INDEX samples_by_order ON samples (order_id);
CREATE INDEX samples_by_accession ON samples (accession);

-- Ready for the laboratory's records: a result per ordered test, and the
-- critical-value alerts a doctor acknowledges.
CREATE TABLE results (
  id        TEXT PRIMARY KEY,
  order_id  TEXT,
  state     TEXT,
  version   INTEGER NOT NULL,
  record    TEXT NOT NULL
);
CREATE INDEX results_by_order ON results (order_id);

CREATE TABLE alerts (
  id            TEXT PRIMARY KEY,
  order_id      TEXT,
  doctor_id     TEXT,
  acknowledged  INTEGER NOT NULL,
  version       INTEGER NOT NULL,
  record        TEXT NOT NULL
);
CREATE INDEX alerts_open_by_doctor ON alerts (doctor_id, acknowledged);

-- The catalogue, users, settings, and any kind of record this client does
-- not know yet (kept, so that a later version can use them without
-- reading the whole feed again).
CREATE TABLE records (
  entity  TEXT NOT NULL,
  id      TEXT NOT NULL,
  record  TEXT NOT NULL,
  PRIMARY KEY (entity, id)
);

-- Work done here that the server has not accepted yet, sent in seq order.
-- target_id is the record it shows on (a patient or an order);
-- depends_on, a record another item must create first.
CREATE TABLE outbox (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  kind             TEXT NOT NULL,
  entity           TEXT NOT NULL,
  target_id        TEXT NOT NULL,
  depends_on       TEXT,
  idempotency_key  TEXT NOT NULL UNIQUE,
  method           TEXT NOT NULL,
  path             TEXT NOT NULL,
  body             TEXT NOT NULL,
  state            TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'rejected')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  error_code       TEXT,
  error_message    TEXT,
  error_fields     TEXT,
  -- For a conflict: the record as the server has it now.
  error_current    TEXT,
  created_at       TEXT NOT NULL
);
CREATE INDEX outbox_by_target ON outbox (target_id);
CREATE INDEX outbox_by_depends ON outbox (depends_on);
