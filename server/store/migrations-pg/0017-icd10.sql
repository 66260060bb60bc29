-- 0017-icd10.sql (PostgreSQL): SQLite's 0042-icd10.sql, the lab's ICD-10
-- code list. Codes and words compare byte by byte (COLLATE "C"), so that
-- a prefix is the range [prefix, next prefix) whatever the database's
-- collation.

CREATE TABLE icd10_codes (
  code        TEXT COLLATE "C" PRIMARY KEY,
  title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 255),
  title_fold  TEXT NOT NULL
);

CREATE TABLE icd10_words (
  word  TEXT COLLATE "C" NOT NULL,
  code  TEXT COLLATE "C" NOT NULL REFERENCES icd10_codes (code) ON DELETE CASCADE,
  PRIMARY KEY (word, code)
);
CREATE INDEX icd10_words_code ON icd10_words (code);

CREATE TABLE icd10_list (
  id         BIGINT PRIMARY KEY CHECK (id = 1),
  source     TEXT NOT NULL,
  count      BIGINT NOT NULL,
  loaded_us  BIGINT NOT NULL,
  loaded_by  TEXT REFERENCES users (id)
);
