-- 0042-icd10.sql: the lab's ICD-10 code list (issue 33), imported whole by
-- the administrator (PUT /api/v1/icd10) and searched by doctors for a
-- visit's diagnosis. No list is shipped: until one is imported a visit's
-- code is checked by its shape alone.
--
-- icd10_codes: one row a code, its title and the title folded
-- (ld_text_fold) for search; icd10_words: each folded word of a title,
-- for "every word typed" searches through an index on the word;
-- icd10_list: the one row saying where the list came from, when and by
-- whom it was loaded (absent while none is).

CREATE TABLE icd10_codes (
  code        TEXT PRIMARY KEY,
  title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 255),
  title_fold  TEXT NOT NULL
);

CREATE TABLE icd10_words (
  word  TEXT NOT NULL,
  code  TEXT NOT NULL REFERENCES icd10_codes (code) ON DELETE CASCADE,
  PRIMARY KEY (word, code)
);
CREATE INDEX icd10_words_code ON icd10_words (code);

CREATE TABLE icd10_list (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  source     TEXT NOT NULL,
  count      INTEGER NOT NULL,
  loaded_us  INTEGER NOT NULL,
  loaded_by  TEXT REFERENCES users (id)
);
