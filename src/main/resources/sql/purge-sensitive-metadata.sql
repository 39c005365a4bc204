-- The purge of sensitive fields set more than the retention ago (EndUserJobs), one batch per statement.
-- Parameters: $1 retention in seconds, $2 batch size (end users). Returns one row per end user changed.
-- One replica at a time: the transaction-scoped advisory lock is taken by one statement, the others change nothing
-- this round. Rows locked by a PATCH are skipped, not waited for (the next round takes them). The time is read
-- once in the job CTE: compared with a volatile clock_timestamp() the partial index could not be used.
WITH job AS (
    SELECT pg_try_advisory_xact_lock(hashtext('conversations.purge-sensitive-metadata')) AS leader,
           clock_timestamp() AS now,
           clock_timestamp() - make_interval(secs => $1) AS set_before
), due AS (
    SELECT tenant_id, id
      FROM end_users
     WHERE sensitive_purge_at <= (SELECT now FROM job)
       AND (SELECT leader FROM job)
     ORDER BY sensitive_purge_at
     LIMIT $2
       FOR UPDATE SKIP LOCKED
)
UPDATE end_users AS u
   SET sensitive_metadata = sensitive_fields_set_after(u.sensitive_metadata, job.set_before),
       sensitive_purge_at = sensitive_fields_oldest(sensitive_fields_set_after(u.sensitive_metadata, job.set_before))
                            + make_interval(secs => $1)
  FROM due, job
 WHERE u.tenant_id = due.tenant_id AND u.id = due.id
RETURNING u.id
