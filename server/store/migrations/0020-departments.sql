-- 0020-departments.sql: each test belongs to a department, under which the
-- report prints it (shared/model/ld-catalog.c holds the list and its
-- clinical order), and keeps its place in the catalogue, which orders the
-- tests inside a department.

ALTER TABLE catalog_tests ADD COLUMN department TEXT NOT NULL DEFAULT 'other';
ALTER TABLE catalog_tests ADD COLUMN position INTEGER NOT NULL DEFAULT 0;

-- The starting catalogue's tests go where data/catalog.json puts them; a
-- test the lab added itself stays 'other' until an administrator says.
UPDATE catalog_tests SET department = 'haematology'
 WHERE code IN ('HB', 'WBC', 'RBC', 'HCT', 'MCV', 'MCH', 'MCHC', 'PLT', 'ESR', 'PT', 'INR',
                'ABORH');
UPDATE catalog_tests SET department = 'biochemistry'
 WHERE code IN ('GLUF', 'GLUPP', 'GLUR', 'HBA1C', 'UREA', 'CREA', 'UA', 'NA', 'K', 'CL', 'CA',
                'TBIL', 'DBIL', 'ALT', 'AST', 'ALP', 'TP', 'ALB', 'CHOL', 'TG', 'HDL', 'LDL',
                'VITD', 'B12', 'FERR');
UPDATE catalog_tests SET department = 'endocrinology' WHERE code IN ('TSH', 'FT4', 'T3');
UPDATE catalog_tests SET department = 'immunology' WHERE code IN ('CRP');
UPDATE catalog_tests SET department = 'clinical_pathology'
 WHERE code IN ('UPH', 'USG', 'UPRO', 'UGLU');

-- Tests were added in the catalogue's order (the starting catalogue lists
-- them in clinical order), which SQLite's rowid still holds.
UPDATE catalog_tests SET position = rowid;
