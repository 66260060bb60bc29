-- 0021-age-bands.sql: reference bands with ages in days, months or years,
-- and delta checks.
--
-- A band's ages were whole years, {"age_min_years": 1, "age_max_years": 18}
-- (null: from birth, no upper end); they become
-- {"age_from": {"value": 1, "unit": "years"}, "age_to": {"value": 18, "unit": "years"}}
-- (age_to null: no upper end). A band in years counts completed years as
-- before, so no flag changes (tests/test-age-migration.c computes every
-- flag over both). Bands already in the new form are kept as they are.

UPDATE catalog_tests SET
  reference_ranges = (
    SELECT json_group_array (json (band)) FROM (
      SELECT CASE
               WHEN json_type (b.value, '$.age_from') IS NOT NULL THEN b.value
               ELSE json_object (
                 'sex', json_extract (b.value, '$.sex'),
                 'age_from', json_object ('value', coalesce (json_extract (b.value, '$.age_min_years'), 0),
                                          'unit', 'years'),
                 'age_to', CASE WHEN json_extract (b.value, '$.age_max_years') IS NULL THEN NULL
                                ELSE json_object ('value', json_extract (b.value, '$.age_max_years'),
                                                  'unit', 'years') END,
                 'low', json_extract (b.value, '$.low'),
                 'high', json_extract (b.value, '$.high'))
             END AS band
        FROM json_each (catalog_tests.reference_ranges) b ORDER BY b.key)),
  version = version + 1
 WHERE EXISTS (SELECT 1 FROM json_each (catalog_tests.reference_ranges) b
                WHERE json_type (b.value, '$.age_from') IS NULL);

-- The band copied into each result keeps its printed text.
UPDATE results SET reference_range = json_object (
    'sex', json_extract (reference_range, '$.sex'),
    'age_from', json_object ('value', coalesce (json_extract (reference_range, '$.age_min_years'), 0),
                             'unit', 'years'),
    'age_to', CASE WHEN json_extract (reference_range, '$.age_max_years') IS NULL THEN NULL
                   ELSE json_object ('value', json_extract (reference_range, '$.age_max_years'),
                                     'unit', 'years') END,
    'low', json_extract (reference_range, '$.low'),
    'high', json_extract (reference_range, '$.high'),
    'text', json_extract (reference_range, '$.text'))
 WHERE reference_range IS NOT NULL AND json_type (reference_range, '$.age_from') IS NULL;

-- Clients follow the catalogue through the change feed: each rewritten
-- test goes into it as the API now shows it, in one commit.
INSERT INTO changes (entity, entity_id, visible_to, commit_id, record, at)
SELECT 'catalog_test', t.code, c.visible_to, (SELECT abs (random () % 4611686018427387903) + 1),
       json_set (c.record, '$.reference_ranges', json (t.reference_ranges), '$.version', t.version),
       strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM catalog_tests t
  JOIN changes c ON c.seq = (SELECT max (seq) FROM changes
                              WHERE entity = 'catalog_test' AND entity_id = t.code)
 WHERE json_extract (c.record, '$.version') < t.version;

-- Delta checks: a limit, absolute (in the test's unit) or percent, and a
-- window in days; NULL when the test has none.
ALTER TABLE catalog_tests ADD COLUMN delta_type TEXT CHECK (delta_type IN ('absolute', 'percent'));
ALTER TABLE catalog_tests ADD COLUMN delta_limit DOUBLE PRECISION;
ALTER TABLE catalog_tests ADD COLUMN delta_window_days INTEGER;

-- A result's delta flag, as JSON (ld-delta.c): the previous verified
-- value, its collection time and the difference; NULL when not flagged.
ALTER TABLE results ADD COLUMN delta TEXT;
