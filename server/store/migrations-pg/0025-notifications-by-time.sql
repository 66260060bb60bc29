-- 0025-notifications-by-time.sql (PostgreSQL): SQLite's
-- 0052-notifications-by-time.sql, the outbox's messages in the order they
-- were written, so that a day's list reads that day alone.

CREATE INDEX notifications_by_time ON notifications (created_us, id);
