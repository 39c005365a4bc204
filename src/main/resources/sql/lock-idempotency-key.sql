-- The first statement of a POST with an Idempotency-Key, in its transaction: a lock on the tenant's key held until
-- the transaction ends, or false at once when a request with the key is still running (409). The stored response
-- is read by the next statement (find-idempotency-key.sql), whose snapshot is taken after the lock.
-- The transaction may not stay idle longer than $3 ms (the server ends it: a backstop, should a request be lost
-- before it commits or rolls back).
-- Parameters: $1 tenant id, $2 key, $3 idle-in-transaction timeout in ms (text).
SELECT set_config('idle_in_transaction_session_timeout', $3, true) IS NOT NULL
       AND pg_try_advisory_xact_lock(hashtextextended('conversations.idempotency/' || $1 || '/' || $2, 0)) AS acquired
