-- 0005-orders.sql: orders, what they hold, and every payment attempt.
--
-- An order copies the names and prices of what it holds, so the catalogue
-- can change under it. Its payment state is not stored: the view at the
-- end derives it from the attempts each time, so it cannot drift.

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
);
CREATE INDEX orders_by_time ON orders (created_us, id);
CREATE INDEX orders_by_patient ON orders (patient_id, created_us, id);
CREATE INDEX orders_by_state ON orders (lab_state, created_us, id);
CREATE INDEX orders_to_expire ON orders (expires_us) WHERE lab_state = 'ordered';
CREATE INDEX orders_home_visits ON orders (home_slot_us) WHERE collection = 'home';

-- What was ordered, as priced: a test already covered by a panel in the
-- same order is kept with its charge at zero and the panel that covers it.
CREATE TABLE order_items (
  order_id         TEXT NOT NULL REFERENCES orders (id),
  position         INTEGER NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('test', 'panel')),
  code             TEXT NOT NULL,
  name             TEXT NOT NULL,
  list_price_paise BIGINT NOT NULL CHECK (list_price_paise >= 0),
  charged_paise    BIGINT NOT NULL CHECK (charged_paise >= 0 AND charged_paise <= list_price_paise),
  covered_by       TEXT,
  PRIMARY KEY (order_id, position)
);

-- The tests to perform, each once, whichever item brought it.
CREATE TABLE order_tests (
  order_id   TEXT NOT NULL REFERENCES orders (id),
  test_code  TEXT NOT NULL,
  name       TEXT NOT NULL,
  specimen   TEXT NOT NULL,
  container  TEXT NOT NULL,
  item_code  TEXT NOT NULL,
  position   INTEGER NOT NULL,
  PRIMARY KEY (order_id, test_code)
);

-- Every attempt to pay or refund, kept for ever.
CREATE TABLE payments (
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

-- An order's money, derived from its attempts. A cash-on-collection
-- promise ('cod', pending) makes an order collectable without money; the
-- cash itself is a later 'cash' attempt. The last live attempt decides
-- between pending, failed and cod_pending; money received decides paid
-- and refunded; a cancelled or expired order with nothing paid says so.
CREATE VIEW order_money AS
SELECT
  order_id,
  paid_paise,
  refunded_paise,
  online_pending,
  CASE
    WHEN refunded_paise > 0 AND refunded_paise >= paid_paise THEN 'refunded'
    WHEN refunded_paise > 0 THEN 'partly_refunded'
    WHEN paid_paise >= total_paise THEN 'paid'
    WHEN lab_state = 'cancelled' THEN 'cancelled'
    WHEN lab_state = 'expired' THEN 'expired'
    WHEN last_method = 'cod' AND last_status = 'pending' THEN 'cod_pending'
    WHEN last_status = 'failed' THEN 'failed'
    ELSE 'pending'
  END AS payment_state
FROM (
  SELECT
    o.id AS order_id,
    o.total_paise,
    o.lab_state,
    coalesce ((SELECT sum (amount_paise) FROM payments
               WHERE order_id = o.id AND kind = 'payment' AND status = 'succeeded'), 0) AS paid_paise,
    coalesce ((SELECT sum (amount_paise) FROM payments
               WHERE order_id = o.id AND kind = 'refund' AND status = 'succeeded'), 0) AS refunded_paise,
    EXISTS (SELECT 1 FROM payments
            WHERE order_id = o.id AND method = 'online' AND status = 'pending') AS online_pending,
    (SELECT method FROM payments WHERE order_id = o.id AND kind = 'payment' AND status != 'voided'
     ORDER BY created_us DESC, rowid DESC LIMIT 1) AS last_method,
    (SELECT status FROM payments WHERE order_id = o.id AND kind = 'payment' AND status != 'voided'
     ORDER BY created_us DESC, rowid DESC LIMIT 1) AS last_status
  FROM orders o
);
