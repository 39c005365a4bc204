package dev.conversations.conversation;

import static dev.conversations.support.Api.metadata;
import static dev.conversations.support.Api.newConversation;
import static dev.conversations.support.Api.newTenant;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conversations.support.Api;
import dev.conversations.support.ConcurrentPatches;
import dev.conversations.support.WithoutRowTurns;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(WithoutRowTurns.class)
class ConcurrentPatchTest {

    @Test
    void concurrentPatchesWithDistinctKeysLoseNoUpdate() {
        Api.Tenant tenant = newTenant();
        String id = newConversation(tenant, "{\"initial\":true}");
        List<String> patches = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            patches.add("{\"key" + i + "\":" + i + "}");
        }

        Map<Integer, Integer> statuses = ConcurrentPatches.send(tenant, id, patches, 64);

        assertEquals(Map.of(200, 250), statuses);
        JsonNode metadata = metadata(tenant, id);
        assertEquals(251, metadata.size());
        for (int i = 0; i < 250; i++) {
            assertEquals(i, metadata.get("key" + i).asInt(), "key" + i);
        }
    }

    @Test
    void concurrentAddsDeletesAndOverwritesReachTheExactEndState() {
        Api.Tenant tenant = newTenant();
        ObjectNode initial = Api.JSON.createObjectNode();
        for (int i = 0; i < 100; i++) {
            initial.put("k" + i, "v1");
        }
        String id = newConversation(tenant, initial.toString());
        List<String> patches = new ArrayList<>();
        ObjectNode expected = Api.JSON.createObjectNode();
        for (int i = 0; i < 100; i++) {
            if (i % 2 == 0) {
                patches.add("{\"k" + i + "\":null}");
            } else {
                patches.add("{\"k" + i + "\":\"v2\"}");
                expected.put("k" + i, "v2");
            }
            patches.add("{\"new" + i + "\":" + i + "}");
            expected.put("new" + i, i);
        }

        Map<Integer, Integer> statuses = ConcurrentPatches.send(tenant, id, patches, 64);

        assertEquals(Map.of(200, 200), statuses);
        assertEquals(expected, metadata(tenant, id));
    }
}
