-- 0021-settings-generation.sql (PostgreSQL): SQLite's
-- 0046-settings-generation.sql, the number that moves with every change to
-- the lab's settings, so that each server process may keep the settings it
-- read (issue 36). One statement-level trigger, as for the catalogue.

CREATE TABLE settings_generation (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  generation  BIGINT NOT NULL
);

INSERT INTO settings_generation (id, generation) VALUES (1, 1);

CREATE FUNCTION settings_generation_move () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE settings_generation SET generation = generation + 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER settings_generation AFTER INSERT OR UPDATE OR DELETE ON settings
FOR EACH STATEMENT EXECUTE FUNCTION settings_generation_move ();
