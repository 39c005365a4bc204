-- Whether an upload may start: no row, or the conversation's handoff state. Parameters: $1 tenant id, $2 id.
SELECT handoff FROM conversations WHERE tenant_id = $1 AND id = $2
