-- 0001-initial.sql (PostgreSQL): the schema the SQLite migrations give at
-- their 0027, in one step, since no PostgreSQL database is older.
-- Never edit a migration after release; add the next number instead.
--
-- Translated from SQLite's: INTEGER is BIGINT (SQLite's integers are 64
-- bits), BLOB is BYTEA, INTEGER PRIMARY KEY and AUTOINCREMENT are
-- identities. The store orders some rows by SQLite's rowid (the order
-- they were inserted in); here payments, samples and sample_tests have a
-- column of that name that an identity fills, so the same SQL runs on both.

CREATE TABLE users (
  id              TEXT PRIMARY KEY,
  username        TEXT NOT NULL UNIQUE,
  display_name    TEXT NOT NULL,
  roles           BIGINT NOT NULL CHECK (roles > 0),
  password_hash   TEXT NOT NULL,
  disabled        BIGINT NOT NULL DEFAULT 0,
  failed_logins   BIGINT NOT NULL DEFAULT 0,
  locked_until_us BIGINT NOT NULL DEFAULT 0,
  version         BIGINT NOT NULL DEFAULT 1,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
, qualification TEXT, registration_number TEXT, can_sign_reports BIGINT NOT NULL DEFAULT 0
  CHECK (can_sign_reports IN (0, 1)), signature_png BYTEA);
CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users (id),
  created_us   BIGINT NOT NULL,
  last_seen_us BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  version    BIGINT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT REFERENCES users (id)
);
CREATE TABLE audit_events (
  seq       BIGINT PRIMARY KEY,
  at        TEXT NOT NULL,
  user_id   TEXT,
  username  TEXT,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id TEXT,
  client    TEXT,
  detail    TEXT,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
, keyed BIGINT NOT NULL DEFAULT 0);
CREATE INDEX audit_events_by_user ON audit_events (user_id, seq);
CREATE INDEX audit_events_by_entity ON audit_events (entity, entity_id, seq);
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
  age_years        BIGINT CHECK (age_years IS NULL OR (age_years >= 0 AND age_years <= 130)),
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
CREATE TABLE idempotency_keys (
  user_id      TEXT NOT NULL REFERENCES users (id),
  key          TEXT NOT NULL,
  method       TEXT NOT NULL,
  path         TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status       BIGINT NOT NULL,
  response     TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
);
CREATE TABLE catalog_tests (
  code             TEXT PRIMARY KEY,
  name             TEXT NOT NULL,
  loinc            TEXT,
  specimen         TEXT NOT NULL,
  container        TEXT NOT NULL,
  unit             TEXT NOT NULL,
  result_type      TEXT NOT NULL CHECK (result_type IN ('numeric', 'text', 'choice')),
  decimals         BIGINT NOT NULL,
  price_paise      BIGINT NOT NULL CHECK (price_paise >= 0),
  turnaround_hours BIGINT NOT NULL,
  -- JSON arrays, validated by shared/model/ld-catalog.c before they are written.
  reference_ranges TEXT NOT NULL,
  critical_low     DOUBLE PRECISION,
  critical_high    DOUBLE PRECISION,
  choices          TEXT,
  normal_choices   TEXT,
  active           BIGINT NOT NULL DEFAULT 1,
  version          BIGINT NOT NULL DEFAULT 1,
  updated_at       TEXT NOT NULL
, department TEXT NOT NULL DEFAULT 'other', position BIGINT NOT NULL DEFAULT 0, delta_type TEXT CHECK (delta_type IN ('absolute', 'percent')), delta_limit DOUBLE PRECISION, delta_window_days BIGINT);
CREATE TABLE catalog_panels (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  price_paise BIGINT NOT NULL CHECK (price_paise >= 0),
  active      BIGINT NOT NULL DEFAULT 1,
  version     BIGINT NOT NULL DEFAULT 1,
  updated_at  TEXT NOT NULL
);
CREATE TABLE catalog_panel_tests (
  panel_code TEXT NOT NULL REFERENCES catalog_panels (code),
  position   BIGINT NOT NULL,
  test_code  TEXT NOT NULL REFERENCES catalog_tests (code),
  PRIMARY KEY (panel_code, position)
);
CREATE TABLE orders (
  id               TEXT PRIMARY KEY,
  number           TEXT NOT NULL UNIQUE,
  patient_id       TEXT NOT NULL REFERENCES patients (id),
  source           TEXT NOT NULL CHECK (source IN ('desk', 'doctor')),
  doctor_id        TEXT REFERENCES users (id),
  priority         TEXT NOT NULL CHECK (priority IN ('routine', 'urgent', 'stat')),
  clinical_notes   TEXT,
  collection       TEXT NOT NULL CHECK (collection IN ('lab', 'home')),
  home_address     TEXT,
  home_slot_start  TEXT,
  home_slot_end    TEXT,
  home_slot_us     BIGINT,
  subtotal_paise   BIGINT NOT NULL CHECK (subtotal_paise >= 0),
  discount_kind    TEXT CHECK (discount_kind IN ('amount', 'percent')),
  discount_value   BIGINT,
  discount_reason  TEXT,
  discount_paise   BIGINT NOT NULL CHECK (discount_paise >= 0 AND discount_paise <= subtotal_paise),
  home_fee_paise   BIGINT NOT NULL CHECK (home_fee_paise >= 0),
  tax_paise        BIGINT NOT NULL CHECK (tax_paise >= 0),
  total_paise      BIGINT NOT NULL
    CHECK (total_paise = subtotal_paise - discount_paise + home_fee_paise + tax_paise),
  lab_state        TEXT NOT NULL DEFAULT 'ordered'
    CHECK (lab_state IN ('ordered', 'collected', 'in_process', 'resulted', 'verified',
                         'reported', 'cancelled', 'expired')),
  cancel_reason    TEXT,
  -- Unpaid orders (not cash on collection) expire at this time.
  expires_us       BIGINT NOT NULL,
  created_by       TEXT NOT NULL REFERENCES users (id),
  created_us       BIGINT NOT NULL,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  version          BIGINT NOT NULL DEFAULT 1
, technician_id TEXT REFERENCES users (id), assigned_us BIGINT, collectable_us BIGINT, referring_doctor_name TEXT
  CHECK (referring_doctor_name IS NULL OR doctor_id IS NULL), interpretation TEXT, recollect_us BIGINT, paid_paise BIGINT NOT NULL DEFAULT 0, refunded_paise BIGINT NOT NULL DEFAULT 0, online_pending BIGINT NOT NULL DEFAULT 0, last_payment_method TEXT, last_payment_status TEXT);
CREATE INDEX orders_by_time ON orders (created_us, id);
CREATE INDEX orders_by_patient ON orders (patient_id, created_us, id);
CREATE INDEX orders_to_expire ON orders (expires_us) WHERE lab_state = 'ordered';
CREATE INDEX orders_home_visits ON orders (home_slot_us) WHERE collection = 'home';
CREATE TABLE order_items (
  order_id         TEXT NOT NULL REFERENCES orders (id),
  position         BIGINT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('test', 'panel')),
  code             TEXT NOT NULL,
  name             TEXT NOT NULL,
  list_price_paise BIGINT NOT NULL CHECK (list_price_paise >= 0),
  charged_paise    BIGINT NOT NULL CHECK (charged_paise >= 0 AND charged_paise <= list_price_paise),
  covered_by       TEXT,
  PRIMARY KEY (order_id, position)
);
CREATE TABLE order_tests (
  order_id   TEXT NOT NULL REFERENCES orders (id),
  test_code  TEXT NOT NULL,
  name       TEXT NOT NULL,
  specimen   TEXT NOT NULL,
  container  TEXT NOT NULL,
  item_code  TEXT NOT NULL,
  position   BIGINT NOT NULL,
  PRIMARY KEY (order_id, test_code)
);
CREATE TABLE payments (
  rowid            BIGINT GENERATED ALWAYS AS IDENTITY,
  id               TEXT PRIMARY KEY,
  order_id         TEXT NOT NULL REFERENCES orders (id),
  kind             TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
  method           TEXT NOT NULL CHECK (method IN ('cash', 'card', 'upi', 'online', 'cod')),
  amount_paise     BIGINT NOT NULL CHECK (amount_paise >= 0),
  tendered_paise   BIGINT,
  change_paise     BIGINT,
  reference        TEXT,
  gateway_order_id TEXT UNIQUE,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'voided')),
  failure_reason   TEXT,
  reason           TEXT,
  taken_by         TEXT REFERENCES users (id),
  decided_by       TEXT,
  created_us       BIGINT NOT NULL,
  created_at       TEXT NOT NULL,
  decided_at       TEXT,
  version          BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX payments_by_order ON payments (order_id, created_us);
CREATE INDEX payments_by_time ON payments (created_us);
CREATE TABLE changes (
  -- An identity: a seq is never given out twice, even if the newest
  -- rows were ever removed, so a client's position stays meaningful.
  seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity     TEXT NOT NULL,
  entity_id  TEXT NOT NULL,
  -- LdRole flags: the roles that may read this record.
  visible_to BIGINT NOT NULL,
  -- The rows of one transaction share this number, so a page of the feed
  -- never ends inside a transaction.
  commit_id  BIGINT NOT NULL,
  record     TEXT NOT NULL,
  at         TEXT NOT NULL
, patient_id TEXT, doctor_id TEXT);
CREATE INDEX changes_entity ON changes (entity, entity_id);
CREATE TABLE samples (
  rowid              BIGINT GENERATED ALWAYS AS IDENTITY,
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
, order_created_us BIGINT);
CREATE INDEX samples_by_order ON samples (order_id);
CREATE TABLE sample_tests (
  rowid     BIGINT GENERATED ALWAYS AS IDENTITY,
  sample_id TEXT NOT NULL REFERENCES samples (id),
  test_code TEXT NOT NULL,
  PRIMARY KEY (sample_id, test_code)
);
CREATE TABLE custody_events (
  id        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
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
  version         BIGINT NOT NULL DEFAULT 1, sample_id TEXT REFERENCES samples (id), cancel_reason TEXT, released_at TEXT, collected_us BIGINT, received_us BIGINT, entered_us BIGINT, verified_us BIGINT, released_us BIGINT, critical_call_name TEXT, critical_call_role TEXT, critical_call_at TEXT, critical_call_by TEXT, delta TEXT, order_created_us BIGINT,
  UNIQUE (order_id, test_code)
);
CREATE INDEX results_by_test ON results (test_code, order_id);
CREATE TABLE result_amendments (
  id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  result_id  TEXT NOT NULL REFERENCES results (id),
  old_value  TEXT,
  old_flag   TEXT,
  new_value  TEXT,
  new_flag   TEXT,
  reason     TEXT NOT NULL,
  amended_by TEXT NOT NULL REFERENCES users (id),
  amended_at TEXT NOT NULL
, old_comment TEXT, new_comment TEXT, report_version BIGINT, kind TEXT NOT NULL DEFAULT 'amendment'
  CHECK (kind IN ('amendment', 'returned')));
CREATE INDEX amendments_by_result ON result_amendments (result_id, id);
CREATE TABLE reports (
  id                TEXT PRIMARY KEY,
  order_id          TEXT NOT NULL REFERENCES orders (id),
  version           BIGINT NOT NULL,
  corrected         BIGINT NOT NULL DEFAULT 0,
  released_by       TEXT NOT NULL REFERENCES users (id),
  released_at       TEXT NOT NULL,
  verification_code TEXT NOT NULL UNIQUE,
  pdf_sha256        TEXT, patient_initials TEXT, order_created_us BIGINT,
  UNIQUE (order_id, version)
);
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
, value TEXT);
CREATE TABLE patient_name_prefixes (
  prefix     TEXT NOT NULL,
  name_fold  TEXT NOT NULL,
  patient_id TEXT NOT NULL REFERENCES patients (id),
  PRIMARY KEY (prefix, name_fold, patient_id)
);
CREATE INDEX results_by_release ON results (released_us) WHERE released_us IS NOT NULL;
CREATE INDEX results_by_enterer ON results (entered_by, state);
CREATE INDEX alerts_by_result ON alerts (result_id);
CREATE TABLE report_pdfs (
  report_id TEXT PRIMARY KEY REFERENCES reports (id),
  pdf       BYTEA NOT NULL
);
CREATE INDEX idempotency_keys_by_time ON idempotency_keys (created_at);
CREATE INDEX orders_by_assignment ON orders (technician_id, assigned_us);
CREATE INDEX orders_by_technician ON orders (technician_id, lab_state, updated_at);
CREATE INDEX orders_by_doctor ON orders (doctor_id, created_us, id);
CREATE INDEX payments_by_decision ON payments (decided_at);
CREATE INDEX alerts_by_time ON alerts (raised_at, id);
CREATE INDEX alerts_by_doctor ON alerts (doctor_id, raised_at, id);
CREATE INDEX alerts_open_by_time ON alerts (raised_at, id) WHERE acknowledged_at IS NULL;
CREATE INDEX alerts_open_by_doctor ON alerts (doctor_id, raised_at, id) WHERE acknowledged_at IS NULL;
CREATE INDEX orders_by_state ON orders (lab_state, created_us, id, technician_id, priority);
CREATE INDEX orders_awaiting_recollection ON orders (created_us, id)
  WHERE recollect_us IS NOT NULL;
CREATE TABLE rejected_sample_results (
  id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  sample_id  TEXT NOT NULL REFERENCES samples (id),
  result_id  TEXT NOT NULL REFERENCES results (id),
  test_code  TEXT NOT NULL,
  state      TEXT NOT NULL,
  value      TEXT,
  unit       TEXT,
  flag       TEXT,
  entered_by TEXT REFERENCES users (id),
  entered_at TEXT
);
CREATE INDEX rejected_results_by_sample ON rejected_sample_results (sample_id, id);
CREATE INDEX orders_by_doctor_patient ON orders (doctor_id, patient_id);
CREATE TABLE break_glass (
  id         TEXT PRIMARY KEY,
  doctor_id  TEXT NOT NULL REFERENCES users (id),
  patient_id TEXT NOT NULL REFERENCES patients (id),
  reason     TEXT NOT NULL,
  at_us      BIGINT NOT NULL,
  until_us   BIGINT NOT NULL
);
CREATE INDEX break_glass_open ON break_glass (doctor_id, patient_id, until_us);
CREATE INDEX break_glass_by_time ON break_glass (at_us, id);
CREATE INDEX audit_events_by_action ON audit_events (action, seq);
CREATE INDEX audit_events_by_entity_kind ON audit_events (entity, seq);
CREATE INDEX audit_events_by_time ON audit_events (at, seq);
CREATE INDEX results_for_analytics ON results (order_id, state, test_code, collected_us,
  received_us, entered_us, verified_us, released_us, entered_by, verified_by, flag, id);
CREATE INDEX samples_for_analytics ON samples (order_id, collected_by, reject_reason,
  replaces_sample_id);
CREATE INDEX reports_by_order_signatory ON reports (order_id, released_by);
CREATE INDEX payments_by_order_money ON payments (order_id, kind, created_us, status, method,
  amount_paise);
CREATE INDEX amendments_by_time ON result_amendments (kind, amended_at, result_id);
CREATE TABLE backups (
  id           TEXT PRIMARY KEY,
  -- The copy's name inside the server's backup directory, by UTC time.
  file_name    TEXT NOT NULL UNIQUE,
  started_us   BIGINT NOT NULL,
  finished_us  BIGINT,
  size_bytes   BIGINT,
  state        TEXT NOT NULL CHECK (state IN ('running', 'passed', 'failed')),
  problem      TEXT,
  started_by   TEXT REFERENCES users (id)
);
CREATE INDEX backups_by_time ON backups (started_us, id);
CREATE INDEX orders_for_analytics ON orders (created_us, lab_state, total_paise, paid_paise,
  refunded_paise, last_payment_method, last_payment_status, id);
CREATE INDEX results_by_cohort ON results (order_created_us, state, test_code, collected_us,
  received_us, entered_us, verified_us, released_us, entered_by, verified_by, flag);
CREATE INDEX samples_by_cohort ON samples (order_created_us, collected_by, reject_reason,
  replaces_sample_id);
CREATE INDEX reports_by_cohort ON reports (order_created_us, released_by);
CREATE INDEX results_by_sample ON results (sample_id) WHERE sample_id IS NOT NULL;
CREATE INDEX samples_by_replaced ON samples (replaces_sample_id)
  WHERE replaces_sample_id IS NOT NULL;
CREATE INDEX rejected_results_by_result ON rejected_sample_results (result_id);

CREATE VIEW order_money AS
SELECT
  id AS order_id,
  paid_paise,
  refunded_paise,
  online_pending,
  CASE
    WHEN refunded_paise > 0 AND refunded_paise >= paid_paise THEN 'refunded'
    WHEN refunded_paise > 0 THEN 'partly_refunded'
    WHEN paid_paise >= total_paise THEN 'paid'
    WHEN lab_state = 'cancelled' THEN 'cancelled'
    WHEN lab_state = 'expired' THEN 'expired'
    WHEN last_payment_method = 'cod' AND last_payment_status = 'pending' THEN 'cod_pending'
    WHEN last_payment_status = 'failed' THEN 'failed'
    ELSE 'pending'
  END AS payment_state,
  last_payment_method,
  created_us
FROM orders;

-- The order's creation time copied into its results, samples and reports
-- (SQLite's 0027 does it with AFTER triggers that update the new row; here
-- the row is set before it is written).
CREATE FUNCTION take_order_time () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.order_created_us := (SELECT created_us FROM orders WHERE id = NEW.order_id);
  RETURN NEW;
END
$$;

CREATE TRIGGER results_take_order_time BEFORE INSERT OR UPDATE OF order_id ON results
  FOR EACH ROW EXECUTE FUNCTION take_order_time ();
CREATE TRIGGER samples_take_order_time BEFORE INSERT OR UPDATE OF order_id ON samples
  FOR EACH ROW EXECUTE FUNCTION take_order_time ();
CREATE TRIGGER reports_take_order_time BEFORE INSERT OR UPDATE OF order_id ON reports
  FOR EACH ROW EXECUTE FUNCTION take_order_time ();

CREATE FUNCTION order_time_to_children () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE results SET order_created_us = NEW.created_us WHERE order_id = NEW.id;
  UPDATE samples SET order_created_us = NEW.created_us WHERE order_id = NEW.id;
  UPDATE reports SET order_created_us = NEW.created_us WHERE order_id = NEW.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER orders_time_to_children AFTER UPDATE OF created_us ON orders
  FOR EACH ROW EXECUTE FUNCTION order_time_to_children ();
