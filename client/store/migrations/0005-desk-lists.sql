-- 0005-desk-lists.sql: the front desk's lists of the day.
--
-- owing: the order's rank in the owing list (ld_desk_owing_rank: 0 a
-- failed payment, 1 awaiting payment or cash on collection), NULL when
-- its money is settled. home_slot_us, home_slot_end_us: the home visit's
-- slot while a sample is still to be collected there, else NULL. Both
-- are filed by ld-cache-view-desk.c from shared/model/ld-desk-day.c.
ALTER TABLE orders ADD COLUMN owing INTEGER;
ALTER TABLE orders ADD COLUMN home_slot_us INTEGER;
ALTER TABLE orders ADD COLUMN home_slot_end_us INTEGER;
CREATE INDEX orders_owing ON orders (owing, created_us, id) WHERE owing IS NOT NULL;
CREATE INDEX orders_home_visits ON orders (home_slot_us, id) WHERE home_slot_us IS NOT NULL;

-- The orders already here are filed by reading the server's records
-- again: the rules are C, not SQL, and the next sync starts from a
-- snapshot.
UPDATE sync_state SET last_seq = 0;
