-- 0003-outbox-label.sql: what the outbox shows of an item.
--
-- label: a human name of the record the item acts on (the patient's
-- name, the order's number), as it was known when the item was queued,
-- so that the outbox can be listed without reading every record.
ALTER TABLE outbox ADD COLUMN label TEXT;
