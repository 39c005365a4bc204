package dev.conversations.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Every statement goes to PostgreSQL at once, as it does when each comes from another replica: for the tests of the
 * SQL's own guarantees under concurrency (a replica queues the statements of one row: database/RowTurns).
 */
public class WithoutRowTurns implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("conversations.database.statements-per-row", "0");
    }
}
