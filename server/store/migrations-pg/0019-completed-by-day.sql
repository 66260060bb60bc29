-- 0019-completed-by-day.sql (PostgreSQL): SQLite's 0044-completed-by-day.sql,
-- the worklist's completed tab counted by day with the orders it counts
-- (issue 36). One trigger function does what SQLite's three triggers do.
--
-- The completed states are written here, in SQLite's 0044 and in
-- server/store/ld-store-orders-private.h (COMPLETED_TAB_STATES): change all three
-- together.

CREATE TABLE completed_by_day (
  day            BIGINT NOT NULL,
  technician_id  TEXT NOT NULL,
  priority       TEXT NOT NULL,
  orders         BIGINT NOT NULL CHECK (orders >= 0),
  PRIMARY KEY (day, technician_id, priority)
);

INSERT INTO completed_by_day (day, technician_id, priority, orders)
SELECT created_us / 86400000000, coalesce (technician_id, ''), priority, count(*)
FROM orders WHERE lab_state IN ('verified', 'reported')
GROUP BY created_us / 86400000000, coalesce (technician_id, ''), priority;

CREATE FUNCTION completed_by_day_follow_order () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.lab_state IN ('verified', 'reported') THEN
    UPDATE completed_by_day SET orders = orders - 1
    WHERE day = OLD.created_us / 86400000000 AND technician_id = coalesce (OLD.technician_id, '')
      AND priority = OLD.priority;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.lab_state IN ('verified', 'reported') THEN
    INSERT INTO completed_by_day AS c (day, technician_id, priority, orders)
    VALUES (NEW.created_us / 86400000000, coalesce (NEW.technician_id, ''), NEW.priority, 1)
    ON CONFLICT (day, technician_id, priority) DO UPDATE SET orders = c.orders + 1;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER orders_completed_insert AFTER INSERT ON orders
  FOR EACH ROW WHEN (NEW.lab_state IN ('verified', 'reported'))
  EXECUTE FUNCTION completed_by_day_follow_order ();
-- Only when the order enters or leaves the completed states, or moves
-- between rows while in them: verified to reported leaves them alone.
CREATE TRIGGER orders_completed_update
  AFTER UPDATE OF lab_state, created_us, technician_id, priority ON orders
  FOR EACH ROW WHEN ((OLD.lab_state IN ('verified', 'reported'))
                     <> (NEW.lab_state IN ('verified', 'reported'))
                     OR (NEW.lab_state IN ('verified', 'reported')
                         AND (OLD.created_us / 86400000000 <> NEW.created_us / 86400000000
                              OR OLD.technician_id IS DISTINCT FROM NEW.technician_id
                              OR OLD.priority <> NEW.priority)))
  EXECUTE FUNCTION completed_by_day_follow_order ();
CREATE TRIGGER orders_completed_delete AFTER DELETE ON orders
  FOR EACH ROW WHEN (OLD.lab_state IN ('verified', 'reported'))
  EXECUTE FUNCTION completed_by_day_follow_order ();
