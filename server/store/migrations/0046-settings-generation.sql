-- 0046-settings-generation.sql: a number that moves with every change to
-- the lab's settings (issue 36).
--
-- Nearly every request reads the settings (which fields a booking needs,
-- the report's paper, the session's length), one row a setting: a sixth
-- of the statements the writer stepped through in a lab flow. The store
-- now keeps the settings it read (ld-store-settings.c) and reads only
-- this number to know they are still the lab's, as with the catalogue's
-- tests (0045): the triggers move it in the statement that changes a
-- setting, a hand edit included. Its one row is each database's own:
-- `migrate` does not copy it.

CREATE TABLE settings_generation (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  generation  BIGINT NOT NULL
);

INSERT INTO settings_generation (id, generation) VALUES (1, 1);

CREATE TRIGGER settings_generation_insert AFTER INSERT ON settings
BEGIN
  UPDATE settings_generation SET generation = generation + 1;
END;

CREATE TRIGGER settings_generation_update AFTER UPDATE ON settings
BEGIN
  UPDATE settings_generation SET generation = generation + 1;
END;

CREATE TRIGGER settings_generation_delete AFTER DELETE ON settings
BEGIN
  UPDATE settings_generation SET generation = generation + 1;
END;
