package dev.conversations.conversation;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.json;
import static dev.conversations.support.Api.newChannel;
import static dev.conversations.support.Api.newConversation;
import static dev.conversations.support.Api.newTenant;
import static dev.conversations.support.Api.patch;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conversations.support.Api;
import dev.conversations.support.ConcurrentPatches;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The 4096-byte limit on the compact UTF-8 JSON of the merged metadata. */
@QuarkusTest
class MetadataSizeLimitTest {
    private static final int LIMIT = 4096;

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
        ObjectNode base =
                Api.JSON.createObjectNode().put("base", "é".repeat(500)).put("n", 12.50);
        String id = newConversation(tenant, base.toString());
        JsonNode before = json(as(tenant).get("/api/v2/conversations/" + id).asString());

        String tooLarge = addition(base, "extra", LIMIT + 1);
        patch(tenant, id, tooLarge)
                .then()
                .statusCode(400)
                .body("errors[0].type", org.hamcrest.Matchers.equalTo("invalid_request"))
                .body("errors[0].details", containsString("4096"));
        assertEquals(before, json(as(tenant).get("/api/v2/conversations/" + id).asString()), "nothing changed");

        String exactlyAtLimit = addition(base, "extra", LIMIT);
        JsonNode merged = json(patch(tenant, id, exactlyAtLimit)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .get("metadata");
        assertEquals(LIMIT, compactSize(merged));
    }

    @Test
    void twoConcurrentPatchesThatFitAloneCannotPassTheLimitTogether() {
        Api.Tenant tenant = newTenant();
        for (int round = 0; round < 10; round++) {
            ObjectNode base = Api.JSON.createObjectNode().put("base", "x".repeat(2000));
            String id = newConversation(tenant, base.toString());
            // Each addition brings the metadata to 3500 bytes alone; both together would be about 5000.
            String first = addition(base, "first", 3500);
            String second = addition(base, "second", 3500);

            Map<Integer, Integer> statuses = ConcurrentPatches.send(tenant, id, List.of(first, second), 2);

            assertEquals(Map.of(200, 1, 400, 1), statuses, "round " + round);
            JsonNode metadata = Api.metadata(tenant, id);
            assertEquals(2, metadata.size(), "base and exactly one winner");
            assertTrue(metadata.has("first") ^ metadata.has("second"));
            assertTrue(compactSize(metadata) <= LIMIT);
        }
    }

    /** A one-key object whose compact UTF-8 JSON is exactly {@code bytes} long. */
    private static String sized(String key, int bytes) {
        return addition(Api.JSON.createObjectNode(), key, bytes);
    }

    /** A patch adding {@code key} so that {@code base} plus it is exactly {@code bytes} of compact JSON. */
    private static String addition(ObjectNode base, String key, int bytes) {
        ObjectNode merged = base.deepCopy().put(key, "");
        int padding = bytes - compactSize(merged);
        return Api.JSON.createObjectNode().put(key, "y".repeat(padding)).toString();
    }

    private static int compactSize(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
