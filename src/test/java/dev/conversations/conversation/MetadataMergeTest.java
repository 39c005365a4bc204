package dev.conversations.conversation;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.exactMetadata;
import static dev.conversations.support.Api.json;
import static dev.conversations.support.Api.newConversation;
import static dev.conversations.support.Api.newTenant;
import static dev.conversations.support.Api.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.support.Api;
import dev.conversations.support.ExactJson;
import io.quarkus.test.junit.QuarkusTest;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class MetadataMergeTest {

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {}                          | {"a":"x"}                | {"a":"x"}
            {"a":"x"}                   | {"b":1}                  | {"a":"x","b":1}
            {"a":"x","b":1}             | {"a":"y"}                | {"a":"y","b":1}
            {"a":"x","b":1}             | {"a":null}               | {"b":1}
            {"a":"x"}                   | {"missing":null}         | {"a":"x"}
            {"a":"x","b":1}             | {}                       | {"a":"x","b":1}
            {"a":"x"}                   | {"a":true}               | {"a":true}
            {"a":1}                     | {"a":null,"b":false}     | {"b":false}
            {"a":1}                     | {"b":null,"b2":"n"}      | {"a":1,"b2":"n"}
            {"n":1}                     | {"n":0.1}                | {"n":0.1}
            {}                          | {"big":12345678901234567890} | {"big":12345678901234567890}
            {}                          | {"d":1.50,"e":-0.000001}  | {"d":1.50,"e":-0.000001}
            {}                          | {"x":1e3,"y":2.5E-3}      | {"x":1000,"y":0.0025}
            {}                          | {"s":"héllo ✓ 😀","q":"say \\"hi\\""} | {"s":"héllo ✓ 😀","q":"say \\"hi\\""}
            """)
    void patchMergesAdditively(String initial, String patch, String expected) {
        Api.Tenant tenant = newTenant();
        String id = newConversation(tenant, initial);

        String body = patch(tenant, id, patch).then().statusCode(200).extract().asString();

        // On the text, not on Jackson trees: a tree reads 1.50 as 1.5 and would accept a service that drops digits.
        assertEquals(ExactJson.canonical(expected), ExactJson.at(body, "/metadata"), "PATCH response");
        assertEquals(ExactJson.canonical(expected), exactMetadata(tenant, id), "stored metadata");
    }

    @Test
    void patchResponseIsTheWholeConversation() {
        Api.Tenant tenant = newTenant();
        String id = newConversation(tenant, "{\"a\":1}");
        JsonNode created = json(as(tenant).get("/api/v2/conversations/" + id).asString());

        JsonNode patched = json(
                patch(tenant, id, "{\"b\":2}").then().statusCode(200).extract().asString());

        assertEquals(id, patched.get("id").asText());
        assertEquals(created.get("channel_id"), patched.get("channel_id"));
        assertEquals(created.get("end_user_id"), patched.get("end_user_id"));
        assertEquals("active", patched.get("status").asText());
        assertEquals(created.get("created_at"), patched.get("created_at"));
        OffsetDateTime before = OffsetDateTime.parse(created.get("updated_at").asText());
        OffsetDateTime after = OffsetDateTime.parse(patched.get("updated_at").asText());
        assertTrue(!after.isBefore(before), "updated_at must not move backwards");
        assertTrue(patched.get("updated_at").asText().endsWith("+00:00"), "UTC with offset");
    }

    @Test
    void trailingSlashIsOptional() {
        Api.Tenant tenant = newTenant();
        String id = newConversation(tenant, "{}");

        as(tenant)
                .body("{\"metadata\":{\"a\":1}}")
                .patch("/api/v2/conversations/" + id)
                .then()
                .statusCode(200);
        as(tenant).get("/api/v2/conversations/" + id).then().statusCode(200);
        as(tenant).get("/api/v2/conversations/" + id + "/").then().statusCode(200);
        as(tenant).get("/api/v2/channels").then().statusCode(200);
    }
}
