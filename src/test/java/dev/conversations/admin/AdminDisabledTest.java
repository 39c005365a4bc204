package dev.conversations.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(AdminDisabledTest.WithoutAdminToken.class)
class AdminDisabledTest {

    public static class WithoutAdminToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("conversations.admin.token", "");
        }
    }

    @Test
    void adminApiIsNotFoundWithoutAToken() {
        given().header("Authorization", "Bearer anything")
                .contentType(ContentType.JSON)
                .body("{\"name\":\"x\"}")
                .post("/admin/tenants")
                .then()
                .statusCode(404)
                .body("errors[0].type", equalTo("not_found"));
    }
}
