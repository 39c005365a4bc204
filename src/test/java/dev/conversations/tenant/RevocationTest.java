package dev.conversations.tenant;

import static dev.conversations.support.Api.admin;
import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newTenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conversations.support.Api;
import dev.conversations.support.Polling;
import dev.conversations.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A revoked key stops working on the revoking replica at once and on every other within the cache TTL (2 s). */
@QuarkusTest
class RevocationTest {

    @Test
    void aKeyRevokedByAnotherReplicaStopsWorkingHereWithinTheCacheTtl() throws Exception {
        Api.Tenant tenant = newTenant();
        as(tenant).get("/api/v2/channels").then().statusCode(200); // cached here now
        long revokedAt;
        try (TestDatabase database = TestDatabase.connect()) {
            // What the revoking replica's statement does; this replica learns of it only through its cache expiring.
            database.update(
                    "UPDATE api_keys SET revoked_at = clock_timestamp() WHERE tenant_id = ? AND id = ?",
                    tenant.id(),
                    keyId(tenant.key()));
            revokedAt = System.nanoTime();
        }

        Polling.until(
                Duration.ofMillis(3000),
                "the revoked key is refused",
                () -> as(tenant).get("/api/v2/channels").statusCode(),
                status -> status == 401);
        long millis = (System.nanoTime() - revokedAt) / 1_000_000;
        assertTrue(millis <= 2500, "refused after " + millis + " ms; the TTL is 2 s");
    }

    @Test
    void noRequestSentAfterTheRevocationAnsweredIsServedEvenUnderLoad() throws Exception {
        Api.Tenant tenant = newTenant();
        for (int round = 0; round < 5; round++) {
            String key = Api.newKey(tenant.id());
            ConcurrentLinkedQueue<long[]> served = new ConcurrentLinkedQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Thread client = new Thread(() -> {
                    while (running.get()) {
                        long sent = System.nanoTime();
                        if (as(key).get("/api/v2/channels").statusCode() == 200) {
                            served.add(new long[] {sent});
                        }
                    }
                });
                client.start();
                clients.add(client);
            }
            Polling.until(Duration.ofSeconds(5), "the key is in use", served::size, n -> n > 20);

            admin().delete("/admin/tenants/" + tenant.id() + "/api-keys/" + keyId(key))
                    .then()
                    .statusCode(204);
            long revoked = System.nanoTime();
            Polling.until(
                    Duration.ofSeconds(5),
                    "requests after the revocation",
                    () -> System.nanoTime(),
                    now -> now - revoked > 300_000_000L);
            running.set(false);
            for (Thread client : clients) {
                client.join();
            }

            long servedAfter = served.stream().filter(sent -> sent[0] > revoked).count();
            assertEquals(0, servedAfter, "round " + round + ": requests sent after the revocation were served");
        }
    }

    @Test
    void revocationNeverPrecedesCreationWhateverAReplicasClockSaid() throws Exception {
        Api.Tenant tenant = newTenant();
        String keyId = keyId(tenant.key());
        try (TestDatabase database = TestDatabase.connect()) {
            // A key created by a replica whose clock ran an hour ahead (how created_at was written before).
            database.update(
                    "UPDATE api_keys SET created_at = created_at + interval '1 hour' WHERE tenant_id = ? AND id = ?",
                    tenant.id(),
                    keyId);
        }

        admin().delete("/admin/tenants/" + tenant.id() + "/api-keys/" + keyId)
                .then()
                .statusCode(204);

        var listed = admin().get("/admin/tenants/" + tenant.id() + "/api-keys")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        OffsetDateTime created = OffsetDateTime.parse(listed.getString("data[0].created_at"));
        OffsetDateTime revoked = OffsetDateTime.parse(listed.getString("data[0].revoked_at"));
        assertTrue(!revoked.isBefore(created), revoked + " before " + created);
        as(tenant).get("/api/v2/channels").then().statusCode(401);
    }

    private static String keyId(String key) {
        return key.split("_")[2];
    }
}
