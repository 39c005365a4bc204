-- The figures of the event log's gauges (EventLog): events held (the statistics' estimate: an exact count would
-- scan the log), deliveries pending (counted up to $1), webhooks disabled.
SELECT (SELECT coalesce(n_live_tup, 0) FROM pg_stat_user_tables WHERE relid = 'events'::regclass) AS events,
       (SELECT count(*) FROM (SELECT FROM webhook_deliveries WHERE state = 'pending' LIMIT $1) AS d) AS pending,
       (SELECT count(*) FROM webhooks WHERE NOT enabled) AS disabled
