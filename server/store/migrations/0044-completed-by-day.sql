-- 0044-completed-by-day.sql: the worklist's completed tab counted by day,
-- kept by the database with the orders it counts (issue 36).
--
-- Without a day the completed tab holds the orders made in the last seven
-- days (docs/api.md, GET /api/v1/worklist), and its count read every one
-- of them on each worklist request: some 20,000 at a busy lab's week. The
-- count is now the sum of these rows for the whole days inside the window,
-- plus the orders of the window's part-days read from orders_by_state
-- (ld_store_lab_worklist ()): a day at most, whatever the lab's volume.
-- tests/test-store-technician-load.c holds the rows to a recount and
-- tests/test-api-worklist.c the counts to the orders, over many windows.
--
-- day: created_us / 86400000000, the UTC day the order was made (the
-- window's ends need not fall on a day's edge: the part-days are counted
-- from the orders). technician_id: '' for none. The completed states are
-- written here, in server/store/ld-store-orders-private.h
-- (COMPLETED_TAB_STATES) and in migrations-pg/0019-completed-by-day.sql:
-- change all three together. `labdesk-server check` recounts these rows
-- and --recount writes them again (server/store/ld-store-counters.c).

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

CREATE TRIGGER orders_completed_insert AFTER INSERT ON orders
WHEN NEW.lab_state IN ('verified', 'reported')
BEGIN
  INSERT INTO completed_by_day (day, technician_id, priority, orders)
  VALUES (NEW.created_us / 86400000000, coalesce (NEW.technician_id, ''), NEW.priority, 1)
  ON CONFLICT (day, technician_id, priority) DO UPDATE SET orders = orders + 1;
END;

-- Only when the order enters or leaves the completed states, or moves
-- between rows while in them: verified to reported leaves them alone.
CREATE TRIGGER orders_completed_update
AFTER UPDATE OF lab_state, created_us, technician_id, priority ON orders
WHEN (OLD.lab_state IN ('verified', 'reported')) != (NEW.lab_state IN ('verified', 'reported'))
  OR (NEW.lab_state IN ('verified', 'reported')
      AND (OLD.created_us / 86400000000 != NEW.created_us / 86400000000
           OR OLD.technician_id IS NOT NEW.technician_id
           OR OLD.priority != NEW.priority))
BEGIN
  UPDATE completed_by_day SET orders = orders - 1
  WHERE OLD.lab_state IN ('verified', 'reported')
    AND day = OLD.created_us / 86400000000 AND technician_id = coalesce (OLD.technician_id, '')
    AND priority = OLD.priority;
  INSERT INTO completed_by_day (day, technician_id, priority, orders)
  SELECT NEW.created_us / 86400000000, coalesce (NEW.technician_id, ''), NEW.priority, 1
  WHERE NEW.lab_state IN ('verified', 'reported')
  ON CONFLICT (day, technician_id, priority) DO UPDATE SET orders = orders + 1;
END;

CREATE TRIGGER orders_completed_delete AFTER DELETE ON orders
WHEN OLD.lab_state IN ('verified', 'reported')
BEGIN
  UPDATE completed_by_day SET orders = orders - 1
  WHERE day = OLD.created_us / 86400000000 AND technician_id = coalesce (OLD.technician_id, '')
    AND priority = OLD.priority;
END;
