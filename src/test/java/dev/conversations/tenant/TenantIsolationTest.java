package dev.conversations.tenant;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newChannel;
import static dev.conversations.support.Api.newConversation;
import static dev.conversations.support.Api.newTenant;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.conversations.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TenantIsolationTest {

    @Test
    void anotherTenantsConversationIsNotFound() {
        Api.Tenant owner = newTenant();
        Api.Tenant other = newTenant();
        String id = newConversation(owner, "{\"secret\":\"owner's\"}");

        as(other).get("/api/v2/conversations/" + id).then().statusCode(404);
        as(other)
                .body("{\"metadata\":{\"secret\":null}}")
                .patch("/api/v2/conversations/" + id)
                .then()
                .statusCode(404);

        as(owner).get("/api/v2/conversations/" + id).then().statusCode(200).body("metadata.secret", equalTo("owner's"));
    }

    @Test
    void anotherTenantsChannelAndEndUserCannotBeUsed() {
        Api.Tenant owner = newTenant();
        Api.Tenant other = newTenant();
        String channel = newChannel(owner);
        String endUser = endUserOfNewConversation(owner, channel);

        as(other)
                .body("{\"channel_id\":\"" + channel + "\"}")
                .post("/api/v2/conversations")
                .then()
                .statusCode(404);
        String otherChannel = newChannel(other);
        Api.createConversation(other, otherChannel, endUser).then().statusCode(404);
    }

    @Test
    void channelListsOnlyTheTenantsOwn() {
        Api.Tenant owner = newTenant();
        Api.Tenant other = newTenant();
        newChannel(owner);

        as(other).get("/api/v2/channels").then().statusCode(200).body("data", empty());
        as(owner).get("/api/v2/channels").then().statusCode(200).body("data", hasSize(1));
    }

    @Test
    void endUserIsReusedWithinTheTenant() {
        Api.Tenant tenant = newTenant();
        String channel = newChannel(tenant);
        String endUser = endUserOfNewConversation(tenant, channel);

        Api.createConversation(tenant, channel, endUser)
                .then()
                .statusCode(201)
                .body("end_user_id", equalTo(endUser))
                .body("status", equalTo("active"));
    }

    private static String endUserOfNewConversation(Api.Tenant tenant, String channel) {
        return as(tenant)
                .body("{\"channel_id\":\"" + channel + "\"}")
                .post("/api/v2/conversations")
                .then()
                .statusCode(201)
                .extract()
                .path("end_user_id");
    }
}
