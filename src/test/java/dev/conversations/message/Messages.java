package dev.conversations.message;

import static dev.conversations.support.Api.as;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.support.Api;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;

/** Test helpers of the message endpoints, over HTTP. */
final class Messages {

    private Messages() {}

    record Conversation(String id, String endUserId) {}

    static Conversation newConversation(Api.Tenant tenant) {
        String channel = Api.newChannel(tenant);
        JsonNode created = Api.json(as(tenant)
                .body("{\"channel_id\":\"" + channel + "\"}")
                .post("/api/v2/conversations/")
                .then()
                .statusCode(201)
                .extract()
                .asString());
        return new Conversation(
                created.get("id").asText(), created.get("end_user_id").asText());
    }

    static String fromEndUser(Conversation conversation, String text) {
        return "{\"author\":{\"role\":\"end_user\",\"id\":\"" + conversation.endUserId()
                + "\"},\"content\":{\"type\":\"text\",\"body\":" + Api.JSON.valueToTree(text) + "}}";
    }

    static String fromAgent(String role, String name, String text) {
        return "{\"author\":{\"role\":\"" + role + "\",\"display_name\":\"" + name
                + "\"},\"content\":{\"type\":\"text\",\"body\":" + Api.JSON.valueToTree(text) + "}}";
    }

    static Response post(Api.Tenant tenant, String conversationId, String body) {
        return as(tenant).body(body).post("/api/v2/conversations/" + conversationId + "/messages/");
    }

    /** Every message of the conversation, following next_page_url with pages of {@code limit}. */
    static List<JsonNode> all(Api.Tenant tenant, String conversationId, int limit) {
        List<JsonNode> messages = new ArrayList<>();
        String url = "/api/v2/conversations/" + conversationId + "/messages/?limit=" + limit;
        while (url != null) {
            JsonNode page = Api.json(
                    as(tenant).get(url).then().statusCode(200).extract().asString());
            page.get("data").forEach(messages::add);
            JsonNode next = page.get("meta").get("next_page_url");
            url = next.isNull() ? null : next.asText();
        }
        return messages;
    }
}
