package dev.conversations.security;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newConversation;
import static dev.conversations.support.Api.newTenant;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conversations.support.Api;
import dev.conversations.support.Polling;
import dev.conversations.tenant.ApiKeySecret;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The log of a test run (quarkus.log.file, test profile) never holds an API key or the admin token. */
@QuarkusTest
class SecretsNotLoggedTest {
    private static final String REFERENCE = "reference ";

    @Test
    void keysAndTokensUsedByRequestsNeverReachTheLog() throws IOException {
        Api.Tenant tenant = newTenant();
        String id = newConversation(tenant, "{\"plan\":\"pro\"}");
        as(tenant).get("/api/v2/conversations/" + id).then().statusCode(200);
        String wrongKey = tenant.key().substring(0, tenant.key().length() - 4) + "AAAA";
        as(wrongKey).get("/api/v2/conversations/" + id).then().statusCode(401);
        given().header("Authorization", "Bearer wrong-admin-token-123")
                .get("/admin/tenants/" + tenant.id() + "/api-keys")
                .then()
                .statusCode(401);
        // A failure path that logs at ERROR or WARN must not carry the request's credentials either.
        as(tenant).contentType("application/json").body("{\"metadata\":").patch("/api/v2/conversations/" + id);

        Path log = logFile();
        assertTrue(Files.exists(log), "the test run writes its log to " + log);
        String written = Files.readString(log);
        assertTrue(written.contains("Admin API enabled"), "the log is this run's log");
        for (String secret : new String[] {tenant.key(), wrongKey, Api.ADMIN_TOKEN, "wrong-admin-token-123"}) {
            assertFalse(written.contains(secret), "a secret was logged");
        }
        assertFalse(written.contains(secretPart(tenant.key())), "a key's secret part");
    }

    /**
     * The 500 path is the one that logs most (the exception and its stack trace): it must log the reference it
     * answers with, and none of the request's secrets. {@link FailingResource} fails on purpose behind the real
     * authentication filter and exception mapper.
     */
    @Test
    void unexpectedFailureAnswers500WithAReferenceLoggedAtErrorWithoutTheRequestsSecrets() {
        Api.Tenant tenant = newTenant();
        String bodySecret = "sk_live_" + UUID.randomUUID().toString().replace("-", "");
        given().get(FailingResource.PATH).then().statusCode(401);

        String getReference = internalError(as(tenant).get(FailingResource.PATH));
        String postReference = internalError(as(tenant)
                .body("{\"customer\":\"Ada\",\"password\":\"" + bodySecret + "\"}")
                .post(FailingResource.PATH));

        Path log = logFile();
        String written = Polling.until(
                Duration.ofSeconds(5),
                "both 500s are logged at ERROR with the reference they answered",
                () -> Files.exists(log) ? Files.readString(log) : "",
                text -> loggedAtError(text, getReference) && loggedAtError(text, postReference));
        Map<String, String> secrets = Map.of(
                "the API key",
                tenant.key(),
                "the API key's secret part",
                secretPart(tenant.key()),
                "the body's secret value",
                bodySecret,
                "the admin token",
                Api.ADMIN_TOKEN);
        secrets.forEach((what, secret) -> assertFalse(written.contains(secret), what + " was logged"));
    }

    /** Checks Ada's 500 envelope without internals, and returns the reference its details give. */
    private static String internalError(Response response) {
        String body = response.then()
                .statusCode(500)
                .body("errors[0].type", equalTo("internal_error"))
                .body("errors[0].details", matchesPattern(REFERENCE + "\\S+"))
                .extract()
                .asString();
        for (String internal : List.of(
                "IllegalStateException",
                "java.lang",
                "dev.conversations",
                "\tat ",
                "Exception",
                FailingResource.MESSAGE)) {
            assertFalse(body.contains(internal), "the 500 body shows " + internal + ": " + body);
        }
        String details = response.path("errors[0].details");
        return details.substring(REFERENCE.length());
    }

    private static boolean loggedAtError(String log, String reference) {
        return log.lines().anyMatch(line -> line.contains("ERROR") && line.contains(REFERENCE + reference));
    }

    /**
     * The 256 random bits of {@code cak_<tenant>_<key id>_<secret>_<mac>}, by position: base64url has '_' in its
     * alphabet, so the text after the last '_' was sometimes a few characters of the MAC, found in any log.
     */
    private static String secretPart(String key) {
        return ApiKeySecret.parse(key).orElseThrow().secret();
    }

    private static Path logFile() {
        return Path.of(ConfigProvider.getConfig().getValue("quarkus.log.file.path", String.class));
    }
}
