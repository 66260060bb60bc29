-- 0009-phone-keys.sql: phone keys made again with today's rule.
--
-- phone_national is the number as dialled inside its country
-- (ld_patient_phone_national(), shared/model/ld-patient-rules.c). A cache
-- filled by an older Labdesk holds keys made by an older rule (a number's
-- last ten digits), and finds a patient by phone only when the record
-- next changes. The keys are cleared here and made again in C when the
-- cache opens (ld_cache_fill_phone_keys()), as the server does with its own.
UPDATE patients SET phone_national = NULL;
