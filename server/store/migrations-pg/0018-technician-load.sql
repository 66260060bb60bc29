-- 0018-technician-load.sql (PostgreSQL): SQLite's 0043-technician-load.sql,
-- each technician's open orders and last assignment kept by the database
-- with the orders they count (issue 36). One trigger function does what
-- SQLite's three triggers do.
--
-- The open states are written here, in SQLite's 0043 and in
-- server/store/ld-store-orders-private.h (OPEN_STATES): change all three together.

CREATE TABLE technician_load (
  technician_id     TEXT PRIMARY KEY,
  open_orders       BIGINT NOT NULL CHECK (open_orders >= 0),
  last_assigned_us  BIGINT NOT NULL
);

INSERT INTO technician_load (technician_id, open_orders, last_assigned_us)
SELECT technician_id,
       count(*) FILTER (WHERE lab_state IN ('ordered', 'collected', 'in_process', 'resulted',
                                            'verified')),
       coalesce (max (assigned_us), 0)
FROM orders WHERE technician_id IS NOT NULL GROUP BY technician_id;

-- SQLite's 0043 needs it (orders has a writing trigger there); the same
-- index here keeps the two schemas alike (test-schema-equal).
CREATE INDEX alerts_by_order ON alerts (order_id);

CREATE FUNCTION technician_load_follow_order () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.technician_id IS NOT NULL THEN
    UPDATE technician_load
    SET open_orders = open_orders
                      - (OLD.lab_state IN ('ordered', 'collected', 'in_process', 'resulted',
                                           'verified'))::int,
        last_assigned_us = coalesce ((SELECT max (assigned_us) FROM orders
                                      WHERE technician_id = OLD.technician_id), 0)
    WHERE technician_id = OLD.technician_id;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.technician_id IS NOT NULL THEN
    INSERT INTO technician_load AS l (technician_id, open_orders, last_assigned_us)
    VALUES (NEW.technician_id,
            (NEW.lab_state IN ('ordered', 'collected', 'in_process', 'resulted',
                               'verified'))::int,
            coalesce (NEW.assigned_us, 0))
    ON CONFLICT (technician_id) DO UPDATE
    SET open_orders = l.open_orders + excluded.open_orders,
        last_assigned_us = greatest (l.last_assigned_us, excluded.last_assigned_us);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER orders_load_insert AFTER INSERT ON orders
  FOR EACH ROW WHEN (NEW.technician_id IS NOT NULL)
  EXECUTE FUNCTION technician_load_follow_order ();
-- Only when the order changes hands, its assignment time, or whether it
-- is open: a step between two open states leaves the counters alone.
CREATE TRIGGER orders_load_update AFTER UPDATE OF technician_id, lab_state, assigned_us ON orders
  FOR EACH ROW WHEN (OLD.technician_id IS DISTINCT FROM NEW.technician_id
                     OR OLD.assigned_us IS DISTINCT FROM NEW.assigned_us
                     OR (OLD.lab_state IN ('ordered', 'collected', 'in_process', 'resulted',
                                           'verified'))
                        <> (NEW.lab_state IN ('ordered', 'collected', 'in_process', 'resulted',
                                              'verified')))
  EXECUTE FUNCTION technician_load_follow_order ();
CREATE TRIGGER orders_load_delete AFTER DELETE ON orders
  FOR EACH ROW WHEN (OLD.technician_id IS NOT NULL)
  EXECUTE FUNCTION technician_load_follow_order ();
