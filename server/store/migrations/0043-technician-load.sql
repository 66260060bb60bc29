-- 0043-technician-load.sql: each technician's open orders and last
-- assignment, kept by the database with the orders they count (issue 36).
--
-- The least-load assignment reads these at every payment and the
-- technician's workload shows open_orders: one row a technician, where
-- each used to count the technician's orders. The triggers below change
-- the row in the statement that changes the order, so the counter is
-- never seen apart from what it counts; tests/test-store-technician-load.c
-- checks it against a recount.
--
-- open_orders: the technician's orders in OPEN_STATES. The set is written
-- here and in server/store/ld-store-orders-private.h (OPEN_STATES), and in
-- migrations-pg/0018-technician-load.sql: change all three together.
-- last_assigned_us: max (assigned_us) of every order the technician holds,
-- 0 for none; when an order leaves a technician it is read again, one seek
-- at the end of the technician's range of orders_by_assignment.

CREATE TABLE technician_load (
  technician_id     TEXT PRIMARY KEY,
  open_orders       BIGINT NOT NULL CHECK (open_orders >= 0),
  last_assigned_us  BIGINT NOT NULL
);

INSERT INTO technician_load (technician_id, open_orders, last_assigned_us)
SELECT technician_id,
       sum (lab_state IN ('ordered', 'collected', 'in_process', 'resulted', 'verified')),
       coalesce (max (assigned_us), 0)
FROM orders WHERE technician_id IS NOT NULL GROUP BY technician_id;

-- A trigger that writes makes every INSERT INTO orders a statement of
-- several writes, and SQLite then looks, for each new order, for rows of
-- the tables that refer to orders (its count of unmet foreign keys): each
-- such table needs an index on order_id, and alerts had none, so every
-- new order would have read every alert (test-query-plans).
CREATE INDEX alerts_by_order ON alerts (order_id);

CREATE TRIGGER orders_load_insert AFTER INSERT ON orders
WHEN NEW.technician_id IS NOT NULL
BEGIN
  INSERT INTO technician_load (technician_id, open_orders, last_assigned_us)
  VALUES (NEW.technician_id,
          NEW.lab_state IN ('ordered', 'collected', 'in_process', 'resulted', 'verified'),
          coalesce (NEW.assigned_us, 0))
  ON CONFLICT (technician_id) DO UPDATE
  SET open_orders = open_orders + excluded.open_orders,
      last_assigned_us = max (last_assigned_us, excluded.last_assigned_us);
END;

-- Only when the order changes hands, its assignment time, or whether it
-- is open: a step between two open states leaves the counters alone.
CREATE TRIGGER orders_load_update AFTER UPDATE OF technician_id, lab_state, assigned_us ON orders
WHEN OLD.technician_id IS NOT NEW.technician_id
  OR OLD.assigned_us IS NOT NEW.assigned_us
  OR (OLD.lab_state IN ('ordered', 'collected', 'in_process', 'resulted', 'verified'))
     != (NEW.lab_state IN ('ordered', 'collected', 'in_process', 'resulted', 'verified'))
BEGIN
  UPDATE technician_load
  SET open_orders = open_orders
                    - (OLD.lab_state IN ('ordered', 'collected', 'in_process', 'resulted',
                                         'verified')),
      last_assigned_us = coalesce ((SELECT max (assigned_us) FROM orders
                                    WHERE technician_id = OLD.technician_id), 0)
  WHERE technician_id = OLD.technician_id;
  INSERT INTO technician_load (technician_id, open_orders, last_assigned_us)
  SELECT NEW.technician_id,
         NEW.lab_state IN ('ordered', 'collected', 'in_process', 'resulted', 'verified'),
         coalesce (NEW.assigned_us, 0)
  WHERE NEW.technician_id IS NOT NULL
  ON CONFLICT (technician_id) DO UPDATE
  SET open_orders = open_orders + excluded.open_orders,
      last_assigned_us = max (last_assigned_us, excluded.last_assigned_us);
END;

CREATE TRIGGER orders_load_delete AFTER DELETE ON orders
WHEN OLD.technician_id IS NOT NULL
BEGIN
  UPDATE technician_load
  SET open_orders = open_orders
                    - (OLD.lab_state IN ('ordered', 'collected', 'in_process', 'resulted',
                                         'verified')),
      last_assigned_us = coalesce ((SELECT max (assigned_us) FROM orders
                                    WHERE technician_id = OLD.technician_id), 0)
  WHERE technician_id = OLD.technician_id;
END;
