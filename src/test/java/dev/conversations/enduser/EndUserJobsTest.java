package dev.conversations.enduser;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newChannel;
import static dev.conversations.support.Api.newTenant;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conversations.support.Api;
import dev.conversations.support.ExactJson;
import dev.conversations.support.Polling;
import dev.conversations.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The clean-up jobs, run every second here. Times are moved into the past in the database rather than waited for,
 * so that the tests decide what is due; the jobs' advisory locks, held by the test, stand for another replica.
 */
@QuarkusTest
@TestProfile(EndUserJobsTest.FrequentJobs.class)
class EndUserJobsTest {
    private static final String ORPHAN_JOB_LOCK =
            "SELECT pg_advisory_xact_lock(hashtext('conversations.delete-orphan-end-users'))";
    private static final String PURGE_JOB_LOCK =
            "SELECT pg_advisory_xact_lock(hashtext('conversations.purge-sensitive-metadata'))";
    private static final String DUE_NOW =
            "UPDATE end_users SET attach_by = clock_timestamp() - interval '1 second' WHERE tenant_id = ? AND id = ?";

    public static class FrequentJobs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "conversations.end-users.job-interval", "1s",
                    "conversations.end-users.attach-within", "1h",
                    "conversations.end-users.sensitive-metadata.retention", "2h",
                    "conversations.end-users.job-batch-size", "2");
        }
    }

    @Test
    void endUsersNoConversationTookAreDeletedByOneReplicaAtATime() throws Exception {
        Api.Tenant tenant = newTenant();
        String orphan = EndUsers.create(tenant, "{\"external_id\": \"orphan\"}");
        String taken = EndUsers.create(tenant, "{}");
        String[] more = {EndUsers.create(tenant, "{}"), EndUsers.create(tenant, "{}"), EndUsers.create(tenant, "{}")};
        try (TestDatabase database = TestDatabase.connect();
                TestDatabase otherReplica = TestDatabase.connect()) {
            assertEquals(
                    "01:00:00",
                    database.queryText(
                            "SELECT (attach_by - created_at)::text FROM end_users WHERE tenant_id = ? AND id = ?",
                            tenant.id(),
                            orphan),
                    "the configured window");
            // Another replica runs the job: this one must leave everything alone, even what is due.
            otherReplica.holdInTransaction(ORPHAN_JOB_LOCK);
            for (String id : new String[] {orphan, taken, more[0], more[1], more[2]}) {
                database.update(DUE_NOW, tenant.id(), id);
            }
            // Due, but a conversation takes it before the job gets to it: it is kept.
            String channel = newChannel(tenant);
            Api.createConversation(tenant, channel, taken).then().statusCode(201);
            Thread.sleep(1000);
            as(tenant).get("/api/v2/end-users/" + orphan).then().statusCode(200);
            otherReplica.release();

            // Five due, batches of two: the run repeats until all are gone.
            for (String id : new String[] {orphan, more[0], more[1], more[2]}) {
                Polling.until(
                        Duration.ofSeconds(10),
                        "the orphan " + id + " is deleted",
                        () -> as(tenant).get("/api/v2/end-users/" + id).statusCode(),
                        status -> status == 404);
            }
            as(tenant).get("/api/v2/end-users/" + taken).then().statusCode(200);
            // Deleted first: a conversation can no longer take it.
            Api.createConversation(tenant, channel, orphan).then().statusCode(404);
            as(tenant).get("/api/v2/end-users/?external_id=orphan").then().statusCode(404);
            // Its external id is free again.
            EndUsers.create(tenant, "{\"external_id\": \"orphan\"}");
        }
    }

    /** A row locked by a request (a PATCH, a conversation taking it) is skipped, not waited for. */
    @Test
    void aDueEndUserLockedByARequestIsSkippedUntilReleased() throws Exception {
        Api.Tenant tenant = newTenant();
        String locked = EndUsers.create(tenant, "{}");
        String free = EndUsers.create(tenant, "{}");
        try (TestDatabase database = TestDatabase.connect();
                TestDatabase otherReplica = TestDatabase.connect();
                TestDatabase request = TestDatabase.connect()) {
            // Both made due while the job is held off, then one locked as a request would hold it.
            otherReplica.holdInTransaction(ORPHAN_JOB_LOCK);
            database.update(DUE_NOW, tenant.id(), locked);
            database.update(DUE_NOW, tenant.id(), free);
            request.lockEndUser(tenant.id(), locked);
            otherReplica.release();
            Polling.until(
                    Duration.ofSeconds(10),
                    "the unlocked orphan is deleted",
                    () -> as(tenant).get("/api/v2/end-users/" + free).statusCode(),
                    status -> status == 404);
            Thread.sleep(1000);
            as(tenant).get("/api/v2/end-users/" + locked).then().statusCode(200);
            request.release();
            Polling.until(
                    Duration.ofSeconds(10),
                    "the released orphan is deleted",
                    () -> as(tenant).get("/api/v2/end-users/" + locked).statusCode(),
                    status -> status == 404);
        }
    }

    @Test
    void sensitiveFieldsArePurgedOneByOneWhenTheirRetentionHasPassed() throws Exception {
        Api.Tenant tenant = newTenant();
        String id = EndUsers.create(
                tenant,
                "{\"profile\": {\"first_name\": \"Ada\", \"metadata\": {\"plan\": \"pro\"},"
                        + " \"sensitive_metadata\": {\"fields\": {\"old\": \"a\", \"recent\": \"b\"}}}}");
        String before = EndUsers.get(tenant, id);
        try (TestDatabase database = TestDatabase.connect();
                TestDatabase otherReplica = TestDatabase.connect()) {
            assertEquals(
                    "02:00:00",
                    database.queryText(
                            "SELECT (sensitive_purge_at - created_at)::text FROM end_users WHERE tenant_id = ? AND id = ?",
                            tenant.id(),
                            id));
            otherReplica.holdInTransaction(PURGE_JOB_LOCK);
            // "old" was set three hours ago.
            database.update(
                    "UPDATE end_users SET sensitive_metadata = jsonb_set(sensitive_metadata, '{old,set_at}',"
                            + " to_jsonb(clock_timestamp() - interval '3 hours')),"
                            + " sensitive_purge_at = clock_timestamp() - interval '1 hour'"
                            + " WHERE tenant_id = ? AND id = ?",
                    tenant.id(),
                    id);
            Thread.sleep(1000);
            String keys = "SELECT string_agg(key, ',' ORDER BY key) FROM end_users, jsonb_object_keys"
                    + "(sensitive_metadata) AS key WHERE tenant_id = ? AND id = ?";
            assertEquals("old,recent", database.queryText(keys, tenant.id(), id), "not while another replica runs it");
            otherReplica.release();

            Polling.until(
                    Duration.ofSeconds(10),
                    "the old field is purged",
                    () -> database.queryText(keys, tenant.id(), id),
                    "recent"::equals);
            String purgeAt = database.queryText(
                    "SELECT (sensitive_purge_at - (sensitive_metadata -> 'recent' ->> 'set_at')::timestamptz)::text"
                            + " FROM end_users WHERE tenant_id = ? AND id = ?",
                    tenant.id(),
                    id);
            assertEquals("02:00:00", purgeAt, "the next purge is due when the remaining field expires");
        }
        // The purge is not a change of the end user: everything it shows is as it was.
        assertEquals(ExactJson.canonical(before), ExactJson.canonical(EndUsers.get(tenant, id)));
    }
}
