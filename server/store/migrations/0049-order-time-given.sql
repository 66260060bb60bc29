-- 0049-order-time-given.sql: a child's copy of its order's time is written
-- with the child (issue 36).
--
-- 0027's triggers copied orders.created_us into each new result, sample
-- and report after the insert: an UPDATE of the row just written, which
-- rewrote it and moved its entry in the wide cohort index again (a result:
-- about 70 µs an insert with it, 25–40 without, on the demo's database),
-- some six times a lab flow on the one writing thread. The store's inserts
-- now write the copy themselves (LD_STORE_ORDER_TIME_OF in
-- ld-store-private.h). The triggers stay for any other insert (a hand
-- edit, an older program), guarded: they run only when the copy is not the
-- order's time. `labdesk-server check` holds every copy to its order.

DROP TRIGGER results_take_order_time;
DROP TRIGGER samples_take_order_time;
DROP TRIGGER reports_take_order_time;

CREATE TRIGGER results_take_order_time AFTER INSERT ON results
WHEN NEW.order_created_us IS NOT (SELECT created_us FROM orders WHERE id = NEW.order_id)
BEGIN
  UPDATE results SET order_created_us = (SELECT created_us FROM orders WHERE id = NEW.order_id)
  WHERE id = NEW.id;
END;
CREATE TRIGGER samples_take_order_time AFTER INSERT ON samples
WHEN NEW.order_created_us IS NOT (SELECT created_us FROM orders WHERE id = NEW.order_id)
BEGIN
  UPDATE samples SET order_created_us = (SELECT created_us FROM orders WHERE id = NEW.order_id)
  WHERE id = NEW.id;
END;
CREATE TRIGGER reports_take_order_time AFTER INSERT ON reports
WHEN NEW.order_created_us IS NOT (SELECT created_us FROM orders WHERE id = NEW.order_id)
BEGIN
  UPDATE reports SET order_created_us = (SELECT created_us FROM orders WHERE id = NEW.order_id)
  WHERE id = NEW.id;
END;
