-- Watches of replicas that stopped refreshing them (V8). No parameters.
DELETE FROM event_watches WHERE expires_at < clock_timestamp()
