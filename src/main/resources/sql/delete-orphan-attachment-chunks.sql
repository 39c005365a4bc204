-- Content of attachments stored in PostgreSQL whose row never came: a replica that died between storing the
-- content and inserting the row (AttachmentService). Attachment ids start with their creation second in hex
-- (ResourceId), so content between 25 hours and 1 hour old is a range of the primary key; the sweep runs hourly,
-- so each orphan is in range for a day of runs, and content of an upload in progress (younger than an hour) is
-- never touched. One replica at a time (advisory lock, as the end-user jobs). Returns one row per piece deleted.
WITH job AS (
    SELECT pg_try_advisory_xact_lock(hashtext('conversations.delete-orphan-attachment-chunks')) AS leader,
           lpad(to_hex(extract(epoch FROM clock_timestamp() - interval '25 hours')::bigint), 8, '0') AS oldest,
           lpad(to_hex(extract(epoch FROM clock_timestamp() - interval '1 hour')::bigint), 8, '0') AS newest
)
DELETE FROM attachment_chunks AS c
 USING job
 WHERE job.leader
   AND c.attachment_id >= job.oldest COLLATE "C"
   AND c.attachment_id < job.newest COLLATE "C"
   AND NOT EXISTS (SELECT FROM attachments AS a WHERE a.id = c.attachment_id)
RETURNING c.attachment_id
