-- Where a live stream of a conversation's events starts (ConversationEventStreams). Parameters: $1 tenant id,
-- $2 conversation id, $3 the Last-Event-ID's event (uuid) or null.
-- No row: no such conversation for the tenant. latest: the conversation's newest event (the start without
-- Last-Event-ID; later commits of the conversation get a higher seq, see db/migration/V6); resume: the given
-- event, null when it is not one of this conversation (or was pruned).
SELECT c.status,
       (SELECT max(e.seq) FROM events AS e WHERE e.tenant_id = $1 AND e.conversation_id = $2) AS latest,
       (SELECT e.seq FROM events AS e
         WHERE e.tenant_id = $1 AND e.conversation_id = $2 AND e.id = $3::uuid) AS resume
  FROM conversations AS c
 WHERE c.tenant_id = $1 AND c.id = $2
