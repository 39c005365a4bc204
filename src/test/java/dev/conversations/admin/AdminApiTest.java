package dev.conversations.admin;

import static dev.conversations.support.Api.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.conversations.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminApiTest {

    @Test
    void createsTenantsAndKeys() {
        String tenant = admin().body("{\"name\":\"acme\"}")
                .post("/admin/tenants")
                .then()
                .statusCode(201)
                .body("name", equalTo("acme"))
                .body("id", matchesPattern("[0-9a-f]{24}"))
                .body("created_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?\\+00:00"))
                .extract()
                .path("id");
        admin().body("{\"name\":\"ci\"}")
                .post("/admin/tenants/" + tenant + "/api-keys")
                .then()
                .statusCode(201)
                .body("name", equalTo("ci"))
                .body("key", matchesPattern("cak_" + tenant + "_[0-9a-f]{24}_[A-Za-z0-9_-]{43}_[A-Za-z0-9_-]{22}"));
    }

    @Test
    void requiresTheAdminToken() {
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"x\"}")
                .post("/admin/tenants")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer wrong")
                .contentType(ContentType.JSON)
                .body("{\"name\":\"x\"}")
                .post("/admin/tenants")
                .then()
                .statusCode(401);
        Api.Tenant tenant = Api.newTenant();
        // A tenant API key is not an admin token.
        Api.as(tenant).body("{\"name\":\"x\"}").post("/admin/tenants").then().statusCode(401);
    }

    @Test
    void rejectsBadInput() {
        admin().body("{}")
                .post("/admin/tenants")
                .then()
                .statusCode(400)
                .body("errors[0].details", containsString("$.name"));
        admin().body("{\"name\":\"\"}").post("/admin/tenants").then().statusCode(400);
        admin().body("{\"name\":\"x\",\"id\":\"y\"}")
                .post("/admin/tenants")
                .then()
                .statusCode(400);
        admin().body("{\"name\":\"" + "x".repeat(201) + "\"}")
                .post("/admin/tenants")
                .then()
                .statusCode(400);
        admin().body("{\"name\":\"k\"}")
                .post("/admin/tenants/ffffffffffffffffffffffff/api-keys")
                .then()
                .statusCode(404);
        admin().body("{\"name\":\"k\"}")
                .post("/admin/tenants/nope/api-keys")
                .then()
                .statusCode(404);
        admin().get("/admin/tenants/ffffffffffffffffffffffff/api-keys").then().statusCode(404);
        admin().delete("/admin/tenants/ffffffffffffffffffffffff/api-keys/ffffffffffffffffffffffff")
                .then()
                .statusCode(404);
    }
}
