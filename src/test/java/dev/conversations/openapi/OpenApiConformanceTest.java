package dev.conversations.openapi;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every operation we implement from Ada's spec has Ada's path, method, required fields and status codes. */
@QuarkusTest
class OpenApiConformanceTest {
    /**
     * Statuses we document beyond Ada's: body too slow or too large, body not JSON, database or rate-limit store
     * unable to serve, authentication and rate limits where Ada's operation omits them (end-handoff), 201 for an
     * end user created (Ada's text says 201, its responses list only the 200 of the upsert), 501 for sensitive
     * metadata on a server without its key, 411 for an upload without Content-Length, 409 and 422 of
     * Idempotency-Key (still running, reused with another request).
     */
    private static final Set<String> OUR_EXTRA_STATUSES =
            Set.of("201", "401", "408", "409", "411", "413", "415", "422", "429", "501", "503");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest(name = "{1} {2}")
    @CsvSource({
        "conversations.yml, post, /v2/conversations/",
        "conversations.yml, get, /v2/conversations/{conversation_id}/",
        "conversations.yml, patch, /v2/conversations/{conversation_id}/",
        "channels.yml, get, /v2/channels/",
        "channels.yml, post, /v2/channels/",
        "conversations.yml, post, /v2/conversations/{conversation_id}/messages/",
        "conversations.yml, get, /v2/conversations/{conversation_id}/messages/",
        "conversations.yml, post, /v2/conversations/{conversation_id}/end/",
        "conversations.yml, post, /v2/conversations/{conversation_id}/end-handoff/",
        "conversations.yml, post, /v2/conversations/{conversation_id}/attachments/",
        "end-users.yml, post, /v2/end-users/",
        "end-users.yml, get, /v2/end-users/",
        "end-users.yml, get, /v2/end-users/{end_user_id}",
        "end-users.yml, patch, /v2/end-users/{end_user_id}",
    })
    void operationMatchesAda(String file, String method, String path) throws IOException {
        JsonNode ada = ada(file);
        JsonNode ours = ours();
        JsonNode adaOperation = ada.path("paths").path(path).path(method);
        JsonNode ourOperation = ours.path("paths").path("/api" + path).path(method);
        assertTrue(adaOperation.isObject(), "Ada has " + method + " " + path);
        assertTrue(ourOperation.isObject(), "we have " + method + " /api" + path);

        assertEquals(
                requiredFields(ada, adaOperation.path("requestBody")),
                requiredFields(ours, ourOperation.path("requestBody")),
                "required request fields");
        assertEquals(requiredParameters(adaOperation), requiredParameters(ourOperation), "required parameters");
        Set<String> adaStatuses = fieldNames(adaOperation.path("responses"));
        Set<String> ourStatuses = fieldNames(ourOperation.path("responses"));
        assertTrue(ourStatuses.containsAll(adaStatuses), "Ada's statuses " + adaStatuses + " in ours " + ourStatuses);
        ourStatuses.removeAll(adaStatuses);
        assertTrue(OUR_EXTRA_STATUSES.containsAll(ourStatuses), "undocumented extra statuses " + ourStatuses);
        String success =
                adaStatuses.stream().filter(s -> s.startsWith("2")).findFirst().orElseThrow();
        assertEquals(
                requiredFields(ada, adaOperation.path("responses").path(success)),
                requiredFields(ours, ourOperation.path("responses").path(success)),
                "required fields of the " + success + " response");
    }

    @Test
    void documentIsServedAsJsonAndYaml() {
        given().get("/q/openapi?format=json").then().statusCode(200).contentType("application/json");
        given().get("/q/openapi").then().statusCode(200);
    }

    private static JsonNode ours() throws IOException {
        String json = given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return new ObjectMapper().readTree(json);
    }

    private static JsonNode ada(String file) throws IOException {
        try (InputStream in = OpenApiConformanceTest.class.getResourceAsStream("/ada-openapi/" + file)) {
            assertNotNull(in, file);
            return YAML.readTree(in);
        }
    }

    /** Required properties of the JSON body of a request body or response, $refs resolved. */
    private static Set<String> requiredFields(JsonNode document, JsonNode holder) {
        JsonNode schema = resolve(
                document, holder.path("content").path("application/json").path("schema"));
        Set<String> required = new TreeSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        return required;
    }

    private static Set<String> requiredParameters(JsonNode operation) {
        Set<String> required = new TreeSet<>();
        for (JsonNode parameter : operation.path("parameters")) {
            boolean header = "header".equals(parameter.path("in").asText());
            if (parameter.path("required").asBoolean() && !header) {
                required.add(parameter.path("in").asText() + ":"
                        + parameter.path("name").asText());
            }
        }
        return required;
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        JsonNode current = schema;
        while (current.has("$ref")) {
            String ref = current.get("$ref").asText();
            current = document.at(ref.substring(1));
        }
        return current;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
