package dev.conversations.enduser;

import static dev.conversations.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.support.Api;
import io.restassured.response.Response;
import java.util.List;

/** End users of the tests, created and read over HTTP. */
final class EndUsers {

    private EndUsers() {}

    /** Creates an end user (201) from the body; returns its id. */
    static String create(Api.Tenant tenant, String body) {
        return as(tenant)
                .body(body)
                .post("/api/v2/end-users/")
                .then()
                .statusCode(201)
                .extract()
                .path("end_user_id");
    }

    static String get(Api.Tenant tenant, JsonNode id) {
        return get(tenant, id.asText());
    }

    /** The end user as GET returns it. */
    static String get(Api.Tenant tenant, String id) {
        return as(tenant)
                .get("/api/v2/end-users/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    /** Expects a create with {@code body} to be refused with a problem at {@code path}. */
    static void expectInvalid(Api.Tenant tenant, String body, String path) {
        Response response = as(tenant).body(body).post("/api/v2/end-users/");
        response.then().statusCode(400);
        List<String> details = response.jsonPath().getList("errors.details");
        assertTrue(details.stream().anyMatch(detail -> detail.startsWith(path + ":")), path + " in " + details);
    }
}
