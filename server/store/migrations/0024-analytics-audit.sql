-- 0024-analytics-audit.sql: indexes for the administrator's audit log and
-- the lab's analytics (docs/architecture.md, "Analytics and the audit
-- log").

-- The audit log's first page with one filter is a walk backwards along
-- that filter's index from the newest event: by action, and by the kind
-- of record alone (audit_events_by_entity leads with the id as well).
CREATE INDEX audit_events_by_action ON audit_events (action, seq);
CREATE INDEX audit_events_by_entity_kind ON audit_events (entity, seq);
-- A period's ends are found as seqs: the first event at or after a time.
DROP INDEX audit_events_by_time;
CREATE INDEX audit_events_by_time ON audit_events (at, seq);

-- The analytics read the orders made in a period and what hangs from
-- them, a year of a busy lab at a time (~110,000 orders): from indexes
-- that hold every column they read, so that no row of the tables is read.
CREATE INDEX orders_by_time_state ON orders (created_us, lab_state, id);
CREATE INDEX results_for_analytics ON results (order_id, state, test_code, collected_us,
  received_us, entered_us, verified_us, released_us, entered_by, verified_by, flag, id);
CREATE INDEX samples_for_analytics ON samples (order_id, collected_by, reject_reason,
  replaces_sample_id);
CREATE INDEX reports_by_order_signatory ON reports (order_id, released_by);
-- An order's money (the order_money view) sums and picks from its
-- attempts by kind, status and method; every order read asks for it.
CREATE INDEX payments_by_order_money ON payments (order_id, kind, created_us, status, method,
  amount_paise);
-- Amendments are few and come after their order: the analytics read those
-- made since a period began.
CREATE INDEX amendments_by_time ON result_amendments (kind, amended_at, result_id);
