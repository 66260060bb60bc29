-- 0014-history-indexes.sql: indexes so that no request reads the history
-- it does not show (docs/architecture.md, "What a request reads").

-- The assignment's least-load query takes max (assigned_us) per
-- technician: one seek from the end of the technician's range, not a read
-- of every order the technician ever held.
CREATE INDEX orders_by_assignment ON orders (technician_id, assigned_us);

-- A technician's workload counts open orders by state and the orders
-- completed today: updated_at after lab_state keeps "completed today" a
-- range, not a read of everything the technician ever completed.
DROP INDEX orders_by_technician;
CREATE INDEX orders_by_technician ON orders (technician_id, lab_state, updated_at);

-- A doctor's orders, newest first, a page at a time.
CREATE INDEX orders_by_doctor ON orders (doctor_id, created_us, id);

-- The cash report reads one day's decided payments.
CREATE INDEX payments_by_decision ON payments (decided_at);

-- Alerts newest first, every doctor's and one doctor's.
CREATE INDEX alerts_by_time ON alerts (raised_at, id);
DROP INDEX alerts_by_doctor;
CREATE INDEX alerts_by_doctor ON alerts (doctor_id, raised_at, id);
-- Open alerts are few among all ever raised: their own indexes.
CREATE INDEX alerts_open_by_time ON alerts (raised_at, id) WHERE acknowledged_at IS NULL;
CREATE INDEX alerts_open_by_doctor ON alerts (doctor_id, raised_at, id) WHERE acknowledged_at IS NULL;

-- The worklist's filters (technician, priority) inside orders_by_state:
-- the completed tab, all history without a date, is counted from the
-- index alone.
DROP INDEX orders_by_state;
CREATE INDEX orders_by_state ON orders (lab_state, created_us, id, technician_id, priority);
