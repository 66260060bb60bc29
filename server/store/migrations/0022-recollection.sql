-- 0022-recollection.sql: a rejected sample asks for a new one or cancels
-- its tests; the orders waiting for a new sample have their own worklist
-- tab.

-- When the lab asked for a new sample, cleared once it is collected: the
-- order is on the recollection tab meanwhile. Existing orders wait for
-- nothing; those with a sample already asked for again are filled in.
ALTER TABLE orders ADD COLUMN recollect_us BIGINT;
UPDATE orders SET recollect_us = created_us
 WHERE lab_state IN ('collected', 'in_process', 'resulted')
   AND EXISTS (SELECT 1 FROM samples s
                WHERE s.order_id = orders.id AND s.state = 'recollection_requested'
                  AND NOT EXISTS (SELECT 1 FROM samples n WHERE n.replaces_sample_id = s.id));

-- The tab's page, stat first, oldest first: few orders among all, so a
-- partial index of their own.
CREATE INDEX orders_awaiting_recollection ON orders (created_us, id)
  WHERE recollect_us IS NOT NULL;

-- The values measured on a sample when it was rejected, kept as they
-- were: the result itself takes the new sample's value later, and these
-- stay in the sample's history, marked as from a rejected tube.
CREATE TABLE rejected_sample_results (
  id         INTEGER PRIMARY KEY,
  sample_id  TEXT NOT NULL REFERENCES samples (id),
  result_id  TEXT NOT NULL REFERENCES results (id),
  test_code  TEXT NOT NULL,
  state      TEXT NOT NULL,
  value      TEXT,
  unit       TEXT,
  flag       TEXT,
  entered_by TEXT REFERENCES users (id),
  entered_at TEXT
);
CREATE INDEX rejected_results_by_sample ON rejected_sample_results (sample_id, id);
