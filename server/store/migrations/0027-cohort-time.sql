-- 0027-cohort-time.sql: the order's time kept on its results, samples and
-- reports, for the analytics' cohort.
--
-- The analytics read the orders made in a period and what hangs from them.
-- Reached from the orders, that is one seek into each child index per
-- order: over a year of a busy lab (~110,000 orders, ~320,000 results) the
-- seeks into results_for_analytics were most of the dashboard's cost. With
-- the order's created_us copied onto each child, the cohort's results,
-- samples and reports are each one range of an index that holds every
-- column the analytics read (docs/architecture.md, "Analytics and the
-- audit log"); measured, the results' read takes half the CPU it did.
--
-- The copy is kept by triggers, not by the store's INSERTs, so that it
-- stays true whoever writes: the store, bulk SQL (the benchmarks, a
-- restore) or a test that moves an order in time behind the store's back.
-- An order's time is set when it is made and never changed by the store;
-- if it is, the trigger on orders carries it to the children.

ALTER TABLE results ADD COLUMN order_created_us BIGINT;
ALTER TABLE samples ADD COLUMN order_created_us BIGINT;
ALTER TABLE reports ADD COLUMN order_created_us BIGINT;

UPDATE results SET order_created_us = (SELECT created_us FROM orders WHERE id = results.order_id);
UPDATE samples SET order_created_us = (SELECT created_us FROM orders WHERE id = samples.order_id);
UPDATE reports SET order_created_us = (SELECT created_us FROM orders WHERE id = reports.order_id);

CREATE TRIGGER results_take_order_time AFTER INSERT ON results
BEGIN
  UPDATE results SET order_created_us = (SELECT created_us FROM orders WHERE id = NEW.order_id)
  WHERE id = NEW.id;
END;
CREATE TRIGGER results_follow_order AFTER UPDATE OF order_id ON results
BEGIN
  UPDATE results SET order_created_us = (SELECT created_us FROM orders WHERE id = NEW.order_id)
  WHERE id = NEW.id;
END;
CREATE TRIGGER samples_take_order_time AFTER INSERT ON samples
BEGIN
  UPDATE samples SET order_created_us = (SELECT created_us FROM orders WHERE id = NEW.order_id)
  WHERE id = NEW.id;
END;
CREATE TRIGGER samples_follow_order AFTER UPDATE OF order_id ON samples
BEGIN
  UPDATE samples SET order_created_us = (SELECT created_us FROM orders WHERE id = NEW.order_id)
  WHERE id = NEW.id;
END;
CREATE TRIGGER reports_take_order_time AFTER INSERT ON reports
BEGIN
  UPDATE reports SET order_created_us = (SELECT created_us FROM orders WHERE id = NEW.order_id)
  WHERE id = NEW.id;
END;
CREATE TRIGGER reports_follow_order AFTER UPDATE OF order_id ON reports
BEGIN
  UPDATE reports SET order_created_us = (SELECT created_us FROM orders WHERE id = NEW.order_id)
  WHERE id = NEW.id;
END;
CREATE TRIGGER orders_time_to_children AFTER UPDATE OF created_us ON orders
BEGIN
  UPDATE results SET order_created_us = NEW.created_us WHERE order_id = NEW.id;
  UPDATE samples SET order_created_us = NEW.created_us WHERE order_id = NEW.id;
  UPDATE reports SET order_created_us = NEW.created_us WHERE order_id = NEW.id;
END;

-- The cohort's children, each a range by the order's time, covering what
-- ld-store-analytics.c reads (results_for_analytics and its kin, by
-- order_id, stay for the reads of one order's children).
CREATE INDEX results_by_cohort ON results (order_created_us, state, test_code, collected_us,
  received_us, entered_us, verified_us, released_us, entered_by, verified_by, flag);
CREATE INDEX samples_by_cohort ON samples (order_created_us, collected_by, reject_reason,
  replaces_sample_id);
CREATE INDEX reports_by_cohort ON reports (order_created_us, released_by);

-- A trigger makes every INSERT into these tables one that may write more
-- than a row, and SQLite then codes the foreign keys' fix-up for the rows
-- that point at the new one: a look in each child table, run only while a
-- constraint is outstanding, but a walk of the whole table where the
-- child's key has no index (tests/test-query-plans.c refuses those). The
-- children's keys that had none get one, so that look is a seek.
CREATE INDEX results_by_sample ON results (sample_id) WHERE sample_id IS NOT NULL;
CREATE INDEX samples_by_replaced ON samples (replaces_sample_id)
  WHERE replaces_sample_id IS NOT NULL;
CREATE INDEX rejected_results_by_result ON rejected_sample_results (result_id);
