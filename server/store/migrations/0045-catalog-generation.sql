-- 0045-catalog-generation.sql: a number that moves with every change to
-- the catalogue's tests (issue 36).
--
-- A lab flow reads a test from the catalogue about eleven times (booking,
-- each result saved and checked, the report), and each read parsed the
-- test's reference ranges again, a tenth of the writer's time. The store
-- now keeps the tests it read (ld-store-catalog.c) and reads only this
-- number to know they are still the catalogue's: the triggers move it in
-- the statement that changes a test, so a change is never seen without it.
-- Its one row is each database's own: `migrate` does not copy it (the
-- target's triggers move it as the tests are copied in).

CREATE TABLE catalog_generation (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  generation  BIGINT NOT NULL
);

INSERT INTO catalog_generation (id, generation) VALUES (1, 1);

CREATE TRIGGER catalog_tests_generation_insert AFTER INSERT ON catalog_tests
BEGIN
  UPDATE catalog_generation SET generation = generation + 1;
END;

CREATE TRIGGER catalog_tests_generation_update AFTER UPDATE ON catalog_tests
BEGIN
  UPDATE catalog_generation SET generation = generation + 1;
END;

CREATE TRIGGER catalog_tests_generation_delete AFTER DELETE ON catalog_tests
BEGIN
  UPDATE catalog_generation SET generation = generation + 1;
END;
