-- 0052-notifications-by-time.sql: the outbox's messages in the order they
-- were written (issue 36).
--
-- The administrator's outbox (GET /api/v1/notifications) lists a day's
-- messages, newest first (ld_store_notifications_list()), and found them
-- by reading every message ever queued: no index held created_us.
-- tests/test-query-plans.c counts notifications among the tables that
-- grow and holds the list to a range of this index.

CREATE INDEX notifications_by_time ON notifications (created_us, id);
