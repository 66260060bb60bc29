-- 0020-catalog-generation.sql (PostgreSQL): SQLite's
-- 0045-catalog-generation.sql, the number that moves with every change to
-- the catalogue's tests, so that each server process may keep the tests it
-- read (issue 36). One statement-level trigger: a statement that changes
-- many tests moves the number once, which is all a reader needs.

CREATE TABLE catalog_generation (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  generation  BIGINT NOT NULL
);

INSERT INTO catalog_generation (id, generation) VALUES (1, 1);

CREATE FUNCTION catalog_generation_move () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE catalog_generation SET generation = generation + 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER catalog_tests_generation AFTER INSERT OR UPDATE OR DELETE ON catalog_tests
FOR EACH STATEMENT EXECUTE FUNCTION catalog_generation_move ();
