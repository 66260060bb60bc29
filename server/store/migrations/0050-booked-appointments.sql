-- 0050-booked-appointments.sql: the appointments still booked, by day
-- (issue 36).
--
-- Every minute the writer looks for appointments still booked on a day
-- that is over, to mark them no-shows (ld_store_appointments_unattended()).
-- By appointments_by_day it walked every appointment of every day gone
-- by, the clinic's whole history, to find none: 55–80 ms on the writing
-- thread, every minute, at 200 appointments a day for three years
-- (docs/bench.md). This index holds only the booked ones: today's, the
-- days ahead, and any past one the sweep has not yet marked.
-- tests/test-query-plans.c holds the sweep to it.

CREATE INDEX appointments_booked ON appointments (day, id) WHERE state = 'booked';
