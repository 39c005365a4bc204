package dev.conversations.security;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newConversation;
import static dev.conversations.support.Api.newTenant;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conversations.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The log of a test run (quarkus.log.file, test profile) never holds an API key or the admin token. */
@QuarkusTest
class SecretsNotLoggedTest {

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

        Path log = Path.of(ConfigProvider.getConfig().getValue("quarkus.log.file.path", String.class));
        assertTrue(Files.exists(log), "the test run writes its log to " + log);
        String written = Files.readString(log);
        assertTrue(written.contains("Admin API enabled"), "the log is this run's log");
        for (String secret : new String[] {tenant.key(), wrongKey, Api.ADMIN_TOKEN, "wrong-admin-token-123"}) {
            assertFalse(written.contains(secret), "a secret was logged");
        }
        assertFalse(written.contains(tenant.key().substring(tenant.key().lastIndexOf('_') + 1)), "a key's secret part");
    }
}
