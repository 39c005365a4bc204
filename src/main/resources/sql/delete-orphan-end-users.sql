-- The deletion of end users created by POST /api/v2/end-users/ that no conversation took in time (EndUserJobs),
-- one batch per statement. Parameters: $1 batch size. Returns one row per end user deleted.
-- One replica at a time (the advisory lock, as in purge-sensitive-metadata.sql). A conversation takes its end
-- user under a row lock (create-conversation.sql): a locked row is skipped, a taken one has attach_by cleared.
-- One with a conversation all the same (none should be) is kept and leaves the queue.
WITH job AS (
    SELECT pg_try_advisory_xact_lock(hashtext('conversations.delete-orphan-end-users')) AS leader,
           clock_timestamp() AS now
), due AS (
    SELECT u.tenant_id, u.id,
           EXISTS (SELECT FROM conversations AS c WHERE c.tenant_id = u.tenant_id AND c.end_user_id = u.id) AS taken
      FROM end_users AS u
     WHERE u.attach_by <= (SELECT now FROM job)
       AND (SELECT leader FROM job)
     ORDER BY u.attach_by
     LIMIT $1
       FOR UPDATE OF u SKIP LOCKED
), kept AS (
    UPDATE end_users AS u SET attach_by = NULL
      FROM due
     WHERE u.tenant_id = due.tenant_id AND u.id = due.id AND due.taken
    RETURNING u.id
), deleted AS (
    DELETE FROM end_users AS u
     USING due
     WHERE u.tenant_id = due.tenant_id AND u.id = due.id AND NOT due.taken
    RETURNING u.id
)
SELECT id FROM deleted
