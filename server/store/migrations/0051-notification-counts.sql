-- 0051-notification-counts.sql: the outbox counted by channel and state,
-- kept by the database with the messages it counts (issue 36).
--
-- /metrics gives the number of messages in each channel and state
-- (docs/api.md), and counted them by reading every message ever queued,
-- a message and a half a lab flow, on each scrape. It now reads these
-- rows (ld_store_notifications_figures()). The triggers move them in the
-- statement that writes a message: queued, claimed, sent, failed,
-- cancelled, a hand edit included. tests/test-api-notify-outbox.c holds
-- them to a recount. `migrate` leaves them to the target's triggers.

CREATE TABLE notification_counts (
  channel   TEXT NOT NULL,
  state     TEXT NOT NULL,
  messages  BIGINT NOT NULL CHECK (messages >= 0),
  PRIMARY KEY (channel, state)
);

INSERT INTO notification_counts (channel, state, messages)
SELECT channel, state, count(*) FROM notifications GROUP BY channel, state;

CREATE TRIGGER notifications_counted_insert AFTER INSERT ON notifications
BEGIN
  INSERT INTO notification_counts (channel, state, messages) VALUES (NEW.channel, NEW.state, 1)
  ON CONFLICT (channel, state) DO UPDATE SET messages = messages + 1;
END;

CREATE TRIGGER notifications_counted_update AFTER UPDATE OF channel, state ON notifications
WHEN OLD.channel IS NOT NEW.channel OR OLD.state IS NOT NEW.state
BEGIN
  UPDATE notification_counts SET messages = messages - 1
  WHERE channel = OLD.channel AND state = OLD.state;
  INSERT INTO notification_counts (channel, state, messages) VALUES (NEW.channel, NEW.state, 1)
  ON CONFLICT (channel, state) DO UPDATE SET messages = messages + 1;
END;

CREATE TRIGGER notifications_counted_delete AFTER DELETE ON notifications
BEGIN
  UPDATE notification_counts SET messages = messages - 1
  WHERE channel = OLD.channel AND state = OLD.state;
END;
