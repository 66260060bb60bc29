-- 0018-settings-for-every-role.sql: every desk prices, taxes and prints
-- with the lab's settings, so the feed now shows the settings record to
-- every role. Its old rows were for administrators only; they go, and the
-- server adds the record again at start (ld_changes_backfill) under a new
-- seq, which every client reads on its next sync.

DELETE FROM changes WHERE entity = 'settings';
