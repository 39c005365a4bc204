-- The events of a conversation after a position, in log order (ConversationEventStreams). Parameters:
-- $1 tenant id, $2 conversation id, $3 the position (seq of the last event sent), $4 most rows.
SELECT e.seq, e.id, e.type, event_payload_of(e) AS payload
  FROM events AS e
 WHERE e.tenant_id = $1 AND e.conversation_id = $2 AND e.seq > $3
 ORDER BY e.seq
 LIMIT $4
