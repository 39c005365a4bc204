-- The events of a conversation after a position, in log order (ConversationEventStreams). Parameters:
-- $1 tenant id, $2 conversation id, $3 the position (seq of the last event sent), $4 most rows.
SELECT seq, id, type, payload
  FROM events
 WHERE tenant_id = $1 AND conversation_id = $2 AND seq > $3
 ORDER BY seq
 LIMIT $4
