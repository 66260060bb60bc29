-- 0004-catalog.sql: the test catalogue. Orders copy names and prices, so
-- editing the catalogue never changes an order already made.

CREATE TABLE catalog_tests (
  code             TEXT PRIMARY KEY,
  name             TEXT NOT NULL,
  loinc            TEXT,
  specimen         TEXT NOT NULL,
  container        TEXT NOT NULL,
  unit             TEXT NOT NULL,
  result_type      TEXT NOT NULL CHECK (result_type IN ('numeric', 'text', 'choice')),
  decimals         INTEGER NOT NULL,
  price_paise      BIGINT NOT NULL CHECK (price_paise >= 0),
  turnaround_hours INTEGER NOT NULL,
  -- JSON arrays, validated by shared/model/ld-catalog.c before they are written.
  reference_ranges TEXT NOT NULL,
  critical_low     DOUBLE PRECISION,
  critical_high    DOUBLE PRECISION,
  choices          TEXT,
  normal_choices   TEXT,
  active           INTEGER NOT NULL DEFAULT 1,
  version          BIGINT NOT NULL DEFAULT 1,
  updated_at       TEXT NOT NULL
);

CREATE TABLE catalog_panels (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  price_paise BIGINT NOT NULL CHECK (price_paise >= 0),
  active      INTEGER NOT NULL DEFAULT 1,
  version     BIGINT NOT NULL DEFAULT 1,
  updated_at  TEXT NOT NULL
);

CREATE TABLE catalog_panel_tests (
  panel_code TEXT NOT NULL REFERENCES catalog_panels (code),
  position   INTEGER NOT NULL,
  test_code  TEXT NOT NULL REFERENCES catalog_tests (code),
  PRIMARY KEY (panel_code, position)
);
