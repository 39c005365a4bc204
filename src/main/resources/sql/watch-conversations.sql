-- Registers (or keeps registered) the conversations this replica streams live, for $3 seconds (V8).
-- Parameters: $1 tenant ids (text[]), $2 conversation ids (text[], same order), $3 seconds, $4 this replica's id.
INSERT INTO event_watches AS v (tenant_id, conversation_id, replica, expires_at)
SELECT t, c, $4::uuid, clock_timestamp() + make_interval(secs => $3)
  FROM unnest($1::text[], $2::text[]) AS w (t, c)
    ON CONFLICT (tenant_id, conversation_id, replica) DO UPDATE SET expires_at = EXCLUDED.expires_at
