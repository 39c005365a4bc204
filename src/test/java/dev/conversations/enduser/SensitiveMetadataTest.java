package dev.conversations.enduser;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.support.Api;
import dev.conversations.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Sensitive metadata: accepted, never returned, stored only as AES-GCM ciphertext bound to its place, in no log.
 */
@QuarkusTest
class SensitiveMetadataTest {
    /** Every column of an end user's row as text: what anyone with database access would see. */
    private static final String ROW = "SELECT row_to_json(u)::text FROM end_users u WHERE tenant_id = ? AND id = ?";

    private static final String STORED =
            "SELECT sensitive_metadata -> ? ->> 'value' FROM end_users WHERE tenant_id = ? AND id = ?";

    /** An integer value long enough not to occur by chance in ids, times or ciphertext. */
    private static final String PIN = "918273645546372819";

    @Inject
    SensitiveMetadataCipher cipher;

    @Test
    void valuesAreNeverReturnedNorStoredNorLoggedInPlaintext() throws Exception {
        Api.Tenant tenant = newTenant();
        String ssn = "ssn-" + UUID.randomUUID();
        String card = "card-" + UUID.randomUUID();
        String created = as(tenant)
                .body("{\"profile\": {\"metadata\": {\"plan\": \"pro\"},"
                        + " \"sensitive_metadata\": {\"fields\": {\"ssn\": \"" + ssn + "\", \"verified\": true}}}}")
                .post("/api/v2/end-users/")
                .then()
                .statusCode(201)
                .extract()
                .asString();
        String id = Api.json(created).get("end_user_id").asText();
        String patched = as(tenant)
                .body("{\"profile\": {\"sensitive_metadata\": {\"fields\": {\"card\": \"" + card
                        + "\", \"verified\": null, \"pin\": " + PIN + "}}}}")
                .patch("/api/v2/end-users/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String listed = as(tenant)
                .get("/api/v2/end-users/")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String read = EndUsers.get(tenant, id);
        for (String response : List.of(created, patched, listed, read)) {
            assertFalse(response.contains(ssn) || response.contains(card), "a sensitive value in " + response);
            assertFalse(response.contains("sensitive") || response.contains("ssn"), "a sensitive key in " + response);
        }

        try (TestDatabase database = TestDatabase.connect()) {
            String row = database.queryText(ROW, tenant.id(), id);
            assertFalse(row.contains(ssn) || row.contains(card) || row.contains(PIN), "plaintext in " + row);
            // Stored: ssn and card and pin; verified was removed by its null.
            assertEquals(
                    "[card, pin, ssn]",
                    database.queryText(
                                    "SELECT array_agg(key ORDER BY key)::text FROM end_users, jsonb_object_keys"
                                            + "(sensitive_metadata) AS key WHERE tenant_id = ? AND id = ?",
                                    tenant.id(),
                                    id)
                            .replace("{", "[")
                            .replace("}", "]")
                            .replace(",", ", "));
            String sealedSsn = database.queryText(STORED, "ssn", tenant.id(), id);
            assertEquals("\"" + ssn + "\"", cipher.decrypt(tenant.id(), id, "ssn", sealedSsn));
            assertEquals(
                    PIN, cipher.decrypt(tenant.id(), id, "pin", database.queryText(STORED, "pin", tenant.id(), id)));
            // Bound to its place: the same ciphertext does not open as another key or another end user's.
            assertThrows(GeneralSecurityException.class, () -> cipher.decrypt(tenant.id(), id, "card", sealedSsn));
            assertThrows(
                    GeneralSecurityException.class,
                    () -> cipher.decrypt(tenant.id(), "0" + id.substring(1), "ssn", sealedSsn));
        }

        // A value sent without quotes is a syntax error: the 400 names the error, not the text it stopped at.
        String unquoted = "unquoted" + UUID.randomUUID().toString().replace("-", "");
        String malformed = as(tenant)
                .body("{\"profile\": {\"sensitive_metadata\": {\"fields\": {\"ssn\": " + unquoted + "}}}}")
                .patch("/api/v2/end-users/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].message", equalTo("Malformed JSON: Unrecognized token"))
                .extract()
                .asString();
        assertFalse(malformed.contains(unquoted), "the unquoted value is echoed: " + malformed);

        String log =
                Files.readString(Path.of(ConfigProvider.getConfig().getValue("quarkus.log.file.path", String.class)));
        for (String value : List.of(ssn, card, PIN, unquoted)) {
            assertFalse(log.contains(value), "a sensitive value in the log");
        }
    }

    @Test
    void fieldsFollowAdasRulesWithoutQuotingTheValuesInErrors() {
        Api.Tenant tenant = newTenant();
        String secret = "s3cr3t-" + UUID.randomUUID();
        StringBuilder tooMany = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            tooMany.append(i == 0 ? "" : ",")
                    .append("\"k")
                    .append(i)
                    .append("\": \"")
                    .append(secret)
                    .append('"');
        }
        List<String> refused = List.of(
                "{\"fields\": {" + tooMany + "}}",
                "{\"fields\": {\"bad key\": \"" + secret + "\"}}",
                "{\"fields\": {\"empty\": \"\"}}",
                "{\"fields\": {\"f\": 1.5}}",
                "{\"fields\": {\"o\": {\"v\": \"" + secret + "\"}}}",
                "{\"fields\": \"" + secret + "\"}",
                "{}");
        for (String sensitive : refused) {
            Response response = as(tenant)
                    .body("{\"profile\": {\"sensitive_metadata\": " + sensitive + "}}")
                    .post("/api/v2/end-users/");
            response.then().statusCode(400);
            assertFalse(response.asString().contains(secret), "the value is quoted in " + response.asString());
        }
        // The same key in metadata and sensitive_metadata: refused on create, and on PATCH after the merge.
        as(tenant)
                .body("{\"profile\": {\"metadata\": {\"email\": \"a\"},"
                        + " \"sensitive_metadata\": {\"fields\": {\"email\": \"b\"}}}}")
                .post("/api/v2/end-users/")
                .then()
                .statusCode(400);
        String id = EndUsers.create(tenant, "{\"profile\": {\"metadata\": {\"email\": \"a\"}}}");
        as(tenant)
                .body("{\"profile\": {\"sensitive_metadata\": {\"fields\": {\"email\": \"b\"}}}}")
                .patch("/api/v2/end-users/" + id)
                .then()
                .statusCode(400)
                .body(
                        "errors[0].details",
                        equalTo("$.profile.sensitive_metadata.fields: keys in both metadata and"
                                + " sensitive_metadata: email"));
    }

    @Test
    void anEndUserHoldsAtMost20FieldsAcrossPatches() throws Exception {
        Api.Tenant tenant = newTenant();
        String id =
                EndUsers.create(tenant, "{\"profile\": {\"sensitive_metadata\": {\"fields\": " + fields(0, 20) + "}}}");
        as(tenant)
                .body("{\"profile\": {\"sensitive_metadata\": {\"fields\": {\"extra\": \"v\"}}}}")
                .patch("/api/v2/end-users/" + id)
                .then()
                .statusCode(400)
                .body(
                        "errors[0].details",
                        equalTo("$.profile.sensitive_metadata.fields: an end user may hold at most"
                                + " 20 sensitive fields"));
        // Replacing one and removing one leaves room for a new one.
        as(tenant)
                .body("{\"profile\": {\"sensitive_metadata\": {\"fields\": {\"k0\": \"new\", \"k1\": null,"
                        + " \"extra\": \"v\"}}}}")
                .patch("/api/v2/end-users/" + id)
                .then()
                .statusCode(200);
        as(tenant)
                .body("{\"profile\": {\"sensitive_metadata\": null}}")
                .patch("/api/v2/end-users/" + id)
                .then()
                .statusCode(200);
        try (TestDatabase database = TestDatabase.connect()) {
            assertEquals(
                    "{}|",
                    database.queryText(
                            "SELECT sensitive_metadata::text || '|' || coalesce(sensitive_purge_at::text, '')"
                                    + " FROM end_users WHERE tenant_id = ? AND id = ?",
                            tenant.id(),
                            id));
        }
        JsonNode endUser = Api.json(EndUsers.get(tenant, id));
        assertTrue(endUser.get("profile").isObject());
    }

    private static String fields(int from, int count) {
        StringBuilder fields = new StringBuilder("{");
        for (int i = from; i < from + count; i++) {
            fields.append(i == from ? "" : ",")
                    .append("\"k")
                    .append(i)
                    .append("\": \"value ")
                    .append(i)
                    .append('"');
        }
        return fields.append('}').toString();
    }
}
