-- 0012-audit-key.sql: the keyed audit chain; idempotent answers pruned.
--
-- From here every event's hash is an HMAC-SHA-256 made with a key kept
-- outside the database (docs/architecture.md, "The audit chain"). Events
-- written before keep their plain SHA-256 and are marked 0; the first
-- event marked 1 is where the keyed chain starts, and its MAC covers the
-- last plain hash, so rewriting an old event breaks the keyed chain too.
ALTER TABLE audit_events ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0;

-- Stored answers hold patient data; they are deleted once older than the
-- period in docs/api.md ("Idempotency"), oldest first.
CREATE INDEX idempotency_keys_by_time ON idempotency_keys (created_at);
