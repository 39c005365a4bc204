package dev.conversations.tenant;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newTenant;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conversations.security.SecretDigest;
import dev.conversations.support.Api;
import dev.conversations.support.Metrics;
import dev.conversations.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** A key we did not issue costs no database query; a key we did costs one per cache period, however many ask. */
@QuarkusTest
class ForgedKeysTest {
    private static final String LOOKUPS = "conversations_api_keys_lookups_total";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    ApiKeyScreen screen;

    @Test
    void tenThousandRandomWellFormedKeysAreRefusedWithoutAnyLookup() {
        Api.Tenant tenant = newTenant();
        String keyId = tenant.key().split("_")[2];
        List<String> forged = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            // Random ids, or the real tenant's and key's ids (known to anyone who saw a key): neither gets through.
            boolean realIds = i % 2 == 0;
            String tenantId = realIds ? tenant.id() : hex(12);
            String id = realIds ? keyId : hex(12);
            String withoutMac = "cak_" + tenantId + "_" + id + "_" + base64url(32);
            forged.add(i % 4 < 2 ? withoutMac + "_" + base64url(16) : withoutMac);
        }
        double before = lookups();

        Map<Integer, Integer> statuses = getAll(forged, 16);

        assertEquals(Map.of(401, 10_000), statuses);
        assertEquals(before, lookups(), "database lookups caused by forged keys");
        as(tenant).get("/api/v2/channels").then().statusCode(200);
    }

    @Test
    void concurrentRequestsWithAKeyNotYetCachedShareOneLookup() {
        Api.Tenant tenant = newTenant();
        String fresh = Api.newKey(tenant.id());
        double before = lookups();

        Map<Integer, Integer> statuses = getAll(Collections.nCopies(50, fresh), 50);

        assertEquals(Map.of(200, 50), statuses);
        assertEquals(before + 1, lookups(), "one lookup for 50 concurrent requests");
    }

    @Test
    void keysIssuedBeforeTheMacExistedStayValid() throws Exception {
        Api.Tenant tenant = newTenant();
        String keyId = "0000000000000000000000aa";
        String secret = base64url(32);
        try (TestDatabase database = TestDatabase.connect()) {
            // A key as the previous version stored it: no MAC in the key, marked legacy by the migration.
            database.update(
                    "INSERT INTO api_keys (tenant_id, id, name, secret_hash, legacy)"
                            + " VALUES (?, ?, 'old', decode(?, 'hex'), true)",
                    tenant.id(),
                    keyId,
                    HexFormat.of().formatHex(SecretDigest.sha256(secret)));
        }
        screen.reloadLegacyKeys().await().atMost(Duration.ofSeconds(10));
        String legacy = "cak_" + tenant.id() + "_" + keyId + "_" + secret;

        as(legacy).get("/api/v2/channels").then().statusCode(200);
        as(legacy.substring(0, legacy.length() - 4) + "AAAA")
                .get("/api/v2/channels")
                .then()
                .statusCode(401);
        as(legacy + "_" + base64url(16)).get("/api/v2/channels").then().statusCode(401);
    }

    private static double lookups() {
        return Metrics.scrape().value(LOOKUPS, Map.of());
    }

    /** GETs the channel list once per key, {@code concurrency} at a time; status -> count. */
    private static Map<Integer, Integer> getAll(List<String> keys, int concurrency) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        URI uri = URI.create("http://localhost:" + port + "/api/v2/channels/");
        ExecutorService executor = Executors.newFixedThreadPool(concurrency);
        HttpClient client = HttpClient.newBuilder()
                .executor(executor)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        Semaphore inFlight = new Semaphore(concurrency);
        try {
            List<CompletableFuture<Integer>> responses = new ArrayList<>();
            for (String key : keys) {
                inFlight.acquireUninterruptibly();
                HttpRequest request = HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + key)
                        .build();
                responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .thenApply(HttpResponse::statusCode)
                        .whenComplete((status, failure) -> inFlight.release()));
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            responses.forEach(response -> statuses.merge(response.join(), 1, Integer::sum));
            return statuses;
        } finally {
            executor.shutdownNow();
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static String base64url(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
