-- 0047-unused-child-indexes.sql: two indexes no statement needs (issue 36).
--
-- results_for_analytics and samples_for_analytics (0024) were the
-- analytics' covering indexes by order, until 0027 gave the cohort's
-- children indexes by the order's time. No statement the server prepares
-- still needs them (tests/test-query-plans.c reads every plan of a lab's
-- day): one order's results and samples are read by the keys that begin
-- with order_id (results' UNIQUE (order_id, test_code), samples_by_order).
-- Yet every result entered, verified or released moved an entry of the
-- twelve-column results_for_analytics, and every sample collected one of
-- samples_for_analytics: work and log pages on the one writing thread for
-- nothing read.

DROP INDEX results_for_analytics;
DROP INDEX samples_for_analytics;
