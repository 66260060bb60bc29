-- 0030-patient-web.sql: the patient's own web pages, /my/ (server/web/,
-- docs/architecture.md, "The patient's web pages").
--
-- An account is an e-mail address that has signed in with a code; it acts
-- for the patients linked to it (self or family), each linked by a proof
-- the lab controls (a code the desk issued). Codes and session tokens are
-- kept only as SHA-256 hashes. Times are wall-clock microseconds.

CREATE TABLE web_accounts (
  id          TEXT PRIMARY KEY,
  email       TEXT NOT NULL UNIQUE,
  phone       TEXT,
  created_us  INTEGER NOT NULL
);

CREATE TABLE web_account_patients (
  account_id  TEXT NOT NULL REFERENCES web_accounts (id),
  patient_id  TEXT NOT NULL REFERENCES patients (id),
  relation    TEXT NOT NULL CHECK (relation IN ('self', 'family')),
  -- How the link was proved: a desk-issued code, or a registration on the page.
  linked_by   TEXT NOT NULL CHECK (linked_by IN ('desk-code', 'registered')),
  linked_us   INTEGER NOT NULL,
  PRIMARY KEY (account_id, patient_id)
);
CREATE INDEX web_account_patients_by_patient ON web_account_patients (patient_id);

-- One live code per address: asking again replaces it (outside the cool-down).
CREATE TABLE web_sign_in_codes (
  email         TEXT PRIMARY KEY,
  code_hash     TEXT NOT NULL,
  expires_us    INTEGER NOT NULL,
  tries         INTEGER NOT NULL DEFAULT 0,
  cool_until_us INTEGER NOT NULL DEFAULT 0,
  created_us    INTEGER NOT NULL
);

-- Idle 30 minutes, absolute 12 hours (ld-web-session.c); the cart lives
-- here, as a JSON array of catalogue codes.
CREATE TABLE web_sessions (
  token_hash   TEXT PRIMARY KEY,
  account_id   TEXT NOT NULL REFERENCES web_accounts (id),
  csrf         TEXT NOT NULL,
  cart         TEXT NOT NULL DEFAULT '[]',
  created_us   INTEGER NOT NULL,
  last_seen_us INTEGER NOT NULL
);
CREATE INDEX web_sessions_by_account ON web_sessions (account_id);

CREATE TABLE web_link_codes (
  code_hash   TEXT PRIMARY KEY,
  patient_id  TEXT NOT NULL REFERENCES patients (id),
  issued_by   TEXT NOT NULL REFERENCES users (id),
  created_us  INTEGER NOT NULL,
  expires_us  INTEGER NOT NULL,
  used_us     INTEGER,
  used_by     TEXT REFERENCES web_accounts (id)
);
CREATE INDEX web_link_codes_by_patient ON web_link_codes (patient_id);

-- Where an order was booked: at the desk (or by a doctor), or on the web page.
ALTER TABLE orders ADD COLUMN channel TEXT NOT NULL DEFAULT 'desk'
  CHECK (channel IN ('desk', 'web'));

-- A sign-in code goes to an address that may belong to no patient yet:
-- the outbox's patient becomes optional (SQLite rebuilds the table).
CREATE TABLE notifications_new (
  id              TEXT PRIMARY KEY,
  patient_id      TEXT REFERENCES patients (id),
  order_id        TEXT REFERENCES orders (id),
  channel         TEXT NOT NULL CHECK (channel IN ('email')),
  template        TEXT NOT NULL,
  language        TEXT NOT NULL CHECK (language IN ('en', 'hi')),
  facts           TEXT NOT NULL,
  recipient       TEXT NOT NULL,
  state           TEXT NOT NULL
                  CHECK (state IN ('waiting', 'sending', 'sent', 'failed', 'given_up',
                                   'withheld', 'cancelled')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_us INTEGER NOT NULL,
  last_error      TEXT,
  provider_id     TEXT,
  created_us      INTEGER NOT NULL,
  sent_us         INTEGER,
  claimed_by      TEXT,
  claim_until     INTEGER,
  resent_from     TEXT
);
INSERT INTO notifications_new SELECT * FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_due ON notifications (state, next_attempt_us);
CREATE INDEX notifications_by_order ON notifications (order_id);
CREATE UNIQUE INDEX notifications_once_per_order ON notifications (order_id, template)
  WHERE template = 'order-expiring' AND resent_from IS NULL;
