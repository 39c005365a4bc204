package dev.conversations.conversation;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.exactMetadata;
import static dev.conversations.support.Api.json;
import static dev.conversations.support.Api.newChannel;
import static dev.conversations.support.Api.newConversation;
import static dev.conversations.support.Api.newTenant;
import static dev.conversations.support.Api.patch;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.support.Api;
import dev.conversations.support.ConcurrentPatches;
import dev.conversations.support.ExactJson;
import dev.conversations.support.Polling;
import dev.conversations.support.TestDatabase;
import dev.conversations.support.WithoutRowTurns;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The 4096-byte limit on the compact UTF-8 JSON of the merged metadata. Sizes are counted on the text with the
 * numbers as written ({@code 12.50} is five bytes), as the service counts them.
 */
@QuarkusTest
@TestProfile(WithoutRowTurns.class)
class MetadataSizeLimitTest {
    private static final int LIMIT = 4096;
    /** Well under the service's statement timeout (5 s), which would end a PATCH waiting at the lock. */
    private static final Duration BOTH_WAITING = Duration.ofSeconds(3);

    @Test
    void createAtTheLimitPassesAndOneByteOverFails() {
        Api.Tenant tenant = newTenant();
        String channel = newChannel(tenant);

        as(tenant)
                .body("{\"channel_id\":\"" + channel + "\",\"metadata\":" + sized("k", LIMIT) + "}")
                .post("/api/v2/conversations/")
                .then()
                .statusCode(201);
        as(tenant)
                .body("{\"channel_id\":\"" + channel + "\",\"metadata\":" + sized("k", LIMIT + 1) + "}")
                .post("/api/v2/conversations/")
                .then()
                .statusCode(400)
                .body("errors[0].details", containsString("$.metadata"));
    }

    @Test
    void patchReachingTheLimitPassesAndOneByteOverFailsAndChangesNothing() {
        Api.Tenant tenant = newTenant();
        String base = "{\"base\":\"" + "é".repeat(500) + "\",\"n\":12.50}";
        String id = newConversation(tenant, base);
        String before = conversation(tenant, id);

        String tooLarge = addition(base, "extra", LIMIT + 1);
        patch(tenant, id, tooLarge)
                .then()
                .statusCode(400)
                .body("errors[0].type", equalTo("invalid_request"))
                .body("errors[0].details", containsString("4096"));
        assertEquals(before, conversation(tenant, id), "nothing changed");

        String exactlyAtLimit = addition(base, "extra", LIMIT);
        String merged = ExactJson.at(
                patch(tenant, id, exactlyAtLimit)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString(),
                "/metadata");
        assertEquals(LIMIT, compactSize(merged));
        assertEquals(merged, exactMetadata(tenant, id), "stored metadata");
    }

    /**
     * Both PATCHes are made to wait for the conversation's row (the test holds its lock) until both are inside the
     * merge, so they overlap for certain; then the lock is released and exactly one of them may pass.
     */
    @Test
    void twoConcurrentPatchesThatFitAloneCannotPassTheLimitTogether() throws Exception {
        Api.Tenant tenant = newTenant();
        try (TestDatabase database = TestDatabase.connect()) {
            for (int round = 0; round < 5; round++) {
                String base = "{\"base\":\"" + "x".repeat(2000) + "\"}";
                String id = newConversation(tenant, base);
                // Each addition brings the metadata to 3500 bytes alone; both together would be about 5000.
                String first = addition(base, "first", 3500);
                String second = addition(base, "second", 3500);

                CompletableFuture<Map<Integer, Integer>> statuses;
                database.lockConversation(tenant.id(), id);
                try {
                    statuses = ConcurrentPatches.start(tenant, id, List.of(first, second));
                    Polling.until(
                            BOTH_WAITING,
                            "both PATCHes wait for the locked row (round " + round + ")",
                            database::waitingForOurLocks,
                            waiting -> waiting >= 2);
                } finally {
                    database.release();
                }

                assertEquals(Map.of(200, 1, 400, 1), statuses.get(30, TimeUnit.SECONDS), "round " + round);
                String metadata = exactMetadata(tenant, id);
                JsonNode keys = json(metadata);
                assertEquals(2, keys.size(), "base and exactly one winner");
                assertTrue(keys.has("first") ^ keys.has("second"));
                assertTrue(compactSize(metadata) <= LIMIT);
            }
        }
    }

    private static String conversation(Api.Tenant tenant, String id) {
        return Api.exactConversation(tenant, id);
    }

    /** A one-key object whose compact UTF-8 JSON is exactly {@code bytes} long. */
    private static String sized(String key, int bytes) {
        return addition("{}", key, bytes);
    }

    /** A patch adding {@code key} so that {@code base} plus it is exactly {@code bytes} of compact JSON. */
    private static String addition(String base, String key, int bytes) {
        String object = ExactJson.canonical(base);
        String member = "\"" + key + "\":\"\"";
        String withEmptyValue = object.equals("{}")
                ? "{" + member + "}"
                : object.substring(0, object.length() - 1) + "," + member + "}";
        return "{\"" + key + "\":\"" + "y".repeat(bytes - compactSize(withEmptyValue)) + "\"}";
    }

    /** The size the limit applies to, of an {@link ExactJson} canonical (compact) text. */
    private static int compactSize(String compactJson) {
        return compactJson.getBytes(StandardCharsets.UTF_8).length;
    }
}
