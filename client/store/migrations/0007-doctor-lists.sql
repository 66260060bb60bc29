-- 0007-doctor-lists.sql: the doctor's own lists.
--
-- doctor_id: the doctor user an order names (their prescription, or the
-- desk booking their request), so that "my orders" and "my patients"
-- are an index range rather than a read of every order. Orders already
-- here are filed from their records.
ALTER TABLE orders ADD COLUMN doctor_id TEXT;
UPDATE orders SET doctor_id = json_extract (record, '$.doctor_id');
CREATE INDEX orders_by_doctor ON orders (doctor_id, created_us, id) WHERE doctor_id IS NOT NULL;
