-- 0023-booked-appointments.sql (PostgreSQL): SQLite's
-- 0050-booked-appointments.sql, the appointments still booked, by day, so
-- that the minute's no-show sweep does not walk every day gone by.

CREATE INDEX appointments_booked ON appointments (day, id) WHERE state = 'booked';
