-- 0024-notification-counts.sql (PostgreSQL): SQLite's
-- 0051-notification-counts.sql, the outbox counted by channel and state
-- with the messages it counts, for /metrics (issue 36). One trigger
-- function does what SQLite's three triggers do.

CREATE TABLE notification_counts (
  channel   TEXT NOT NULL,
  state     TEXT NOT NULL,
  messages  BIGINT NOT NULL CHECK (messages >= 0),
  PRIMARY KEY (channel, state)
);

INSERT INTO notification_counts (channel, state, messages)
SELECT channel, state, count(*) FROM notifications GROUP BY channel, state;

-- A message that moves takes its two rows' locks in the rows' key order,
-- whichever way it moves: two writers moving messages between the same
-- two states (a claim, a failure sent back to waiting) never wait on
-- each other in a circle.
CREATE FUNCTION notification_counts_follow () RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  up_first boolean := TG_OP = 'INSERT'
                      OR (TG_OP = 'UPDATE' AND (NEW.channel, NEW.state) < (OLD.channel, OLD.state));
BEGIN
  IF up_first THEN
    INSERT INTO notification_counts AS c (channel, state, messages)
    VALUES (NEW.channel, NEW.state, 1)
    ON CONFLICT (channel, state) DO UPDATE SET messages = c.messages + 1;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    UPDATE notification_counts SET messages = messages - 1
    WHERE channel = OLD.channel AND state = OLD.state;
  END IF;
  IF TG_OP = 'UPDATE' AND NOT up_first THEN
    INSERT INTO notification_counts AS c (channel, state, messages)
    VALUES (NEW.channel, NEW.state, 1)
    ON CONFLICT (channel, state) DO UPDATE SET messages = c.messages + 1;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER notifications_counted_insert AFTER INSERT ON notifications
  FOR EACH ROW EXECUTE FUNCTION notification_counts_follow ();
CREATE TRIGGER notifications_counted_update AFTER UPDATE OF channel, state ON notifications
  FOR EACH ROW WHEN (OLD.channel IS DISTINCT FROM NEW.channel OR OLD.state IS DISTINCT FROM NEW.state)
  EXECUTE FUNCTION notification_counts_follow ();
CREATE TRIGGER notifications_counted_delete AFTER DELETE ON notifications
  FOR EACH ROW EXECUTE FUNCTION notification_counts_follow ();
