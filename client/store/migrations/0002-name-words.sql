-- 0002-name-words.sql: the name index as the server keeps it.
--
-- The cache now searches names with the server's code
-- (shared/sqlite/ld-sqlite-name-index.c), which looks a typed word of
-- four letters or more up as the whole words it begins. 0001 stored only
-- the starts of one to three letters; here every longer word of every
-- cached name is added whole.
WITH RECURSIVE split (patient_id, name_fold, word, rest) AS (
  SELECT id, name_fold, '', name_fold || ' ' FROM patients WHERE name_fold IS NOT NULL
  UNION ALL
  SELECT patient_id, name_fold, substr (rest, 1, instr (rest, ' ') - 1),
         substr (rest, instr (rest, ' ') + 1)
    FROM split WHERE rest != ''
)
INSERT OR IGNORE INTO patient_name_prefixes (prefix, name_fold, patient_id)
SELECT word, name_fold, patient_id FROM split WHERE length (word) > 3;
