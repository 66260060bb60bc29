-- 0004-order-numbers.sql: a scanned order number opens its order at
-- once, without reading every order of the cache.
CREATE INDEX orders_by_number ON orders (number);
