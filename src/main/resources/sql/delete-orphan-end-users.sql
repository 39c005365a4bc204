-- The deletion of end users created by POST /api/v2/end-users/ that no conversation took in time (EndUserJobs),
-- one batch per statement. Parameters: $1 batch size. Returns one row per end user deleted.
-- One replica at a time (the advisory lock, as in purge-sensitive-metadata.sql). A conversation takes its end
-- user under the row lock (create-conversation.sql): a locked row is skipped, a taken one has attach_by cleared.
WITH job AS (
    SELECT pg_try_advisory_xact_lock(hashtext('conversations.delete-orphan-end-users')) AS leader
), due AS (
    SELECT tenant_id, id
      FROM end_users
     WHERE attach_by <= clock_timestamp()
       AND (SELECT leader FROM job)
     ORDER BY attach_by
     LIMIT $1
       FOR UPDATE SKIP LOCKED
)
DELETE FROM end_users AS u
 USING due
 WHERE u.tenant_id = due.tenant_id AND u.id = due.id
   AND NOT EXISTS (SELECT FROM conversations AS c WHERE c.tenant_id = u.tenant_id AND c.end_user_id = u.id)
RETURNING u.id
