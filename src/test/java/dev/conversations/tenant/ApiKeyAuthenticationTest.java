package dev.conversations.tenant;

import static dev.conversations.support.Api.admin;
import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newKey;
import static dev.conversations.support.Api.newTenant;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.conversations.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiKeyAuthenticationTest {

    @Test
    void missingInvalidOrWrongSchemeIs401() {
        Api.Tenant tenant = newTenant();
        given().get("/api/v2/channels").then().statusCode(401).body("errors[0].type", equalTo("unauthorized"));
        as("cak_not_a_key").get("/api/v2/channels").then().statusCode(401);
        given().header("Authorization", "Basic " + tenant.key())
                .get("/api/v2/channels")
                .then()
                .statusCode(401);
        given().header("Authorization", tenant.key())
                .get("/api/v2/channels")
                .then()
                .statusCode(401);
        // Right tenant and key id, wrong secret.
        String forged = tenant.key().substring(0, tenant.key().length() - 4) + "AAAA";
        as(forged).get("/api/v2/channels").then().statusCode(401);
        as(tenant).get("/api/v2/channels").then().statusCode(200);
    }

    @Test
    void revokedKeyStopsWorkingAndOtherKeysKeepWorking() {
        Api.Tenant tenant = newTenant();
        String second = newKey(tenant.id());
        as(tenant).get("/api/v2/channels").then().statusCode(200);
        as(second).get("/api/v2/channels").then().statusCode(200);
        String keyId = tenant.key().split("_")[2];

        admin().delete("/admin/tenants/" + tenant.id() + "/api-keys/" + keyId)
                .then()
                .statusCode(204);

        as(tenant).get("/api/v2/channels").then().statusCode(401);
        as(second).get("/api/v2/channels").then().statusCode(200);
        admin().delete("/admin/tenants/" + tenant.id() + "/api-keys/" + keyId)
                .then()
                .statusCode(204);
    }

    @Test
    void keysAreListedWithoutSecrets() {
        Api.Tenant tenant = newTenant();
        String keyId = tenant.key().split("_")[2];
        admin().delete("/admin/tenants/" + tenant.id() + "/api-keys/" + keyId)
                .then()
                .statusCode(204);
        newKey(tenant.id());

        admin().get("/admin/tenants/" + tenant.id() + "/api-keys")
                .then()
                .statusCode(200)
                .body("data", hasSize(2))
                .body("data[0].id", equalTo(keyId))
                .body("data[0].revoked_at", notNullValue())
                .body("data[1].revoked_at", nullValue())
                .body("data[0].key", nullValue())
                .body("data[1].key", nullValue());
    }

    @Test
    void keyHasAnIdentifyingPrefix() {
        Api.Tenant tenant = newTenant();
        org.hamcrest.MatcherAssert.assertThat(tenant.key(), startsWith("cak_" + tenant.id() + "_"));
    }
}
