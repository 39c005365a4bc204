package dev.conversations.message;

import static dev.conversations.message.Messages.fromAgent;
import static dev.conversations.message.Messages.fromEndUser;
import static dev.conversations.message.Messages.post;
import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.json;
import static dev.conversations.support.Api.newTenant;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class MessageApiTest {

    @Test
    void anEndUserMessageIsStoredAndBumpsTheConversation() {
        Api.Tenant tenant = newTenant();
        Messages.Conversation conversation = Messages.newConversation(tenant);
        String before = updatedAt(tenant, conversation.id());

        JsonNode message = json(post(tenant, conversation.id(), fromEndUser(conversation, "Hello ✓ 😀"))
                .then()
                .statusCode(201)
                .body("conversation_id", equalTo(conversation.id()))
                .body("author.role", equalTo("end_user"))
                .body("author.id", equalTo(conversation.endUserId()))
                .body("content.type", equalTo("text"))
                .body("content.body", equalTo("Hello ✓ 😀"))
                .extract()
                .asString());

        String after = updatedAt(tenant, conversation.id());
        assertTrue(!OffsetDateTime.parse(after).isBefore(OffsetDateTime.parse(before)), "updated_at moved back");
        assertEquals(message.get("created_at").asText(), after, "the conversation's updated_at is the message's time");
        List<JsonNode> listed = Messages.all(tenant, conversation.id(), 100);
        assertEquals(1, listed.size());
        assertEquals("message_logs", listed.get(0).get("type").asText());
        assertEquals(message.get("id"), listed.get(0).get("message_id"));
        assertEquals(message.get("content"), listed.get(0).get("content"));
    }

    @Test
    void agentsWriteWithADisplayNameAndTheOperatorsBotIsAnAiAgent() {
        Api.Tenant tenant = newTenant();
        Messages.Conversation conversation = Messages.newConversation(tenant);

        post(tenant, conversation.id(), fromAgent("human_agent", "Ann", "Ann here"))
                .then()
                .statusCode(201)
                .body("author.display_name", equalTo("Ann"));
        post(
                        tenant,
                        conversation.id(),
                        "{\"author\":{\"role\":\"ai_agent\",\"id\":\"bot-7\",\"display_name\":\"Bot\""
                                + ",\"avatar\":\"https://example.com/bot.png\"},\"content\":{\"type\":\"text\",\"body\":\"beep\"}}")
                .then()
                .statusCode(201)
                .body("author.role", equalTo("ai_agent"))
                .body("author.id", equalTo("bot-7"))
                .body("author.avatar", equalTo("https://example.com/bot.png"));

        List<JsonNode> listed = Messages.all(tenant, conversation.id(), 100);
        assertEquals(
                List.of("human_agent", "ai_agent"),
                listed.stream().map(m -> m.at("/author/role").asText()).toList());
        assertTrue(listed.get(1).at("/author/id").isNull(), "Ada lists agents without an id");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            no author                | {"content":{"type":"text","body":"x"}}                                                 | $.author: the field is required
            no content               | {"author":{"role":"human_agent","display_name":"A"}}                                     | $.content: the field is required
            unknown role             | {"author":{"role":"bot"},"content":{"type":"text","body":"x"}}                         | $.author.role: must be one of
            end user without id      | {"author":{"role":"end_user"},"content":{"type":"text","body":"x"}}                    | $.author.id: is required when the role is end_user
            another end user         | {"author":{"role":"end_user","id":"ffffffffffffffffffffffff"},"content":{"type":"text","body":"x"}} | $.author.id: is not the end user of this conversation
            malformed end user id    | {"author":{"role":"end_user","id":"nope"},"content":{"type":"text","body":"x"}}        | $.author.id: is not the end user of this conversation
            agent without name       | {"author":{"role":"human_agent"},"content":{"type":"text","body":"x"}}                 | $.author.display_name: is required when the role is human_agent
            avatar not a URL         | {"author":{"role":"ai_agent","avatar":"javascript:alert(1)"},"content":{"type":"text","body":"x"}} | $.author.avatar: must be an absolute http or https URL
            empty body               | {"author":{"role":"ai_agent"},"content":{"type":"text","body":""}}                     | $.content.body: must not be empty
            blank body               | {"author":{"role":"ai_agent"},"content":{"type":"text","body":"  \\n "}}               | $.content.body: must not be blank
            no-break spaces only     | {"author":{"role":"ai_agent"},"content":{"type":"text","body":"\\u00a0\\u202f"}}      | $.content.body: must not be blank
            unknown content type     | {"author":{"role":"ai_agent"},"content":{"type":"video","body":"x"}}                   | $.content.type: must be text or file
            file fields in text      | {"author":{"role":"ai_agent"},"content":{"type":"text","body":"x","url":"https://a/b"}} | $.content.url: is only allowed in file content
            not our attachment       | {"author":{"role":"ai_agent"},"content":{"type":"file","url":"https://evil.example/x.pdf","mime_type":"application/pdf","filename":"x.pdf"}} | $.content.url: is not an attachment URL of this conversation
            unknown field            | {"author":{"role":"ai_agent","colour":1},"content":{"type":"text","body":"x"}}          | $.author.colour: unknown field
            read-only field          | {"id":"x","author":{"role":"ai_agent"},"content":{"type":"text","body":"x"}}           | $.id: the field is read-only
            """)
    void invalidMessagesAreRefusedAndNothingIsStored(String name, String body, String details) {
        Api.Tenant tenant = newTenant();
        Messages.Conversation conversation = Messages.newConversation(tenant);
        String before =
                as(tenant).get("/api/v2/conversations/" + conversation.id()).asString();

        post(tenant, conversation.id(), body)
                .then()
                .statusCode(400)
                .body("errors[0].type", equalTo("invalid_request"))
                .body("errors.details", hasItem(containsString(details)));

        assertEquals(List.of(), Messages.all(tenant, conversation.id(), 100));
        assertEquals(
                before,
                as(tenant).get("/api/v2/conversations/" + conversation.id()).asString());
    }

    @Test
    void aTextOfUpTo4096CharactersIsAcceptedAndOneMoreIsNot() {
        Api.Tenant tenant = newTenant();
        Messages.Conversation conversation = Messages.newConversation(tenant);
        String longest = "😀".repeat(4096); // characters, not UTF-16 units or bytes

        post(tenant, conversation.id(), fromAgent("ai_agent", "Bot", longest))
                .then()
                .statusCode(201)
                .body("content.body", equalTo(longest));
        post(tenant, conversation.id(), fromAgent("ai_agent", "Bot", longest + "x"))
                .then()
                .statusCode(400)
                .body("errors[0].details", equalTo("$.content.body: must be at most 4096 characters"));
        assertEquals(1, Messages.all(tenant, conversation.id(), 100).size());
    }

    @Test
    void listsPageOldestFirstWithAnOpaqueCursor() {
        Api.Tenant tenant = newTenant();
        Messages.Conversation conversation = Messages.newConversation(tenant);
        for (int i = 0; i < 7; i++) {
            post(tenant, conversation.id(), fromEndUser(conversation, "m" + i))
                    .then()
                    .statusCode(201);
        }

        List<JsonNode> listed = Messages.all(tenant, conversation.id(), 3);

        assertEquals(
                List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6"),
                listed.stream().map(m -> m.at("/content/body").asText()).toList());
        as(tenant)
                .get("/api/v2/conversations/" + conversation.id() + "/messages/?limit=7")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(7))
                .body("meta.next_page_url", nullValue());
    }

    @Test
    void badListQueriesAndOtherTenantsConversationsAreRefused() {
        Api.Tenant tenant = newTenant();
        Messages.Conversation conversation = Messages.newConversation(tenant);
        String path = "/api/v2/conversations/" + conversation.id() + "/messages/";
        for (String query : List.of("limit=0", "limit=101", "limit=x", "cursor=abc", "cursor=bXNnOjA")) {
            as(tenant)
                    .get(path + "?" + query)
                    .then()
                    .statusCode(400)
                    .body("errors[0].type", equalTo("invalid_request"));
        }

        Api.Tenant other = newTenant();
        as(other).get(path).then().statusCode(404);
        post(other, conversation.id(), fromAgent("ai_agent", "Bot", "hi"))
                .then()
                .statusCode(404);
        as(tenant)
                .get("/api/v2/conversations/ffffffffffffffffffffffff/messages/")
                .then()
                .statusCode(404);
        assertEquals(List.of(), Messages.all(tenant, conversation.id(), 100));
    }

    @Test
    void aHumanAgentMessageStartsAHandoffThatEndHandoffEnds() {
        Api.Tenant tenant = newTenant();
        Messages.Conversation conversation = Messages.newConversation(tenant);
        String endHandoff = "/api/v2/conversations/" + conversation.id() + "/end-handoff/";

        as(tenant).post(endHandoff).then().statusCode(422).body("errors[0].type", equalTo("not_in_handoff"));
        post(tenant, conversation.id(), fromEndUser(conversation, "help"))
                .then()
                .statusCode(201);
        post(tenant, conversation.id(), fromAgent("ai_agent", "Bot", "let me find someone"))
                .then()
                .statusCode(201);
        as(tenant).post(endHandoff).then().statusCode(422);
        post(tenant, conversation.id(), fromAgent("human_agent", "Ann", "Ann here"))
                .then()
                .statusCode(201);
        // In handoff now: another tenant cannot end it.
        as(newTenant()).post(endHandoff).then().statusCode(404);

        as(tenant).post(endHandoff).then().statusCode(200).body("message", containsString("AI agent"));
        as(tenant).post(endHandoff).then().statusCode(422);
        as(tenant)
                .post("/api/v2/conversations/ffffffffffffffffffffffff/end-handoff/")
                .then()
                .statusCode(404);
    }

    @Test
    void endingIsRecordedOnceRefusesNewMessagesAndKeepsMetadataWritable() {
        Api.Tenant tenant = newTenant();
        Messages.Conversation conversation = Messages.newConversation(tenant);
        String path = "/api/v2/conversations/" + conversation.id();
        post(tenant, conversation.id(), fromAgent("human_agent", "Ann", "bye"))
                .then()
                .statusCode(201);
        // Another tenant's end, while it is active: 404, and it stays active.
        as(newTenant()).post(path + "/end/").then().statusCode(404);
        as(tenant).get(path).then().statusCode(200).body("status", equalTo("active"));

        as(tenant).post(path + "/end/").then().statusCode(200).body("message", equalTo("Conversation ended"));
        JsonNode ended =
                json(as(tenant).get(path).then().statusCode(200).extract().asString());
        as(tenant).post(path + "/end/").then().statusCode(200).body("message", equalTo("Conversation already ended"));

        assertEquals("ended", ended.get("status").asText());
        assertEquals(
                ended.get("ended_at"), json(as(tenant).get(path).asString()).get("ended_at"), "kept");
        post(tenant, conversation.id(), fromEndUser(conversation, "late"))
                .then()
                .statusCode(400)
                .body("errors[0].type", equalTo("conversation_ended"));
        as(tenant).post(path + "/end-handoff/").then().statusCode(422);
        Api.patch(tenant, conversation.id(), "{\"rating\":5}")
                .then()
                .statusCode(200)
                .body("metadata.rating", equalTo(5));
        assertEquals(1, Messages.all(tenant, conversation.id(), 100).size());
        as(tenant)
                .get("/api/v2/conversations/" + Messages.newConversation(tenant).id())
                .then()
                .body("ended_at", nullValue());
    }

    private static String updatedAt(Api.Tenant tenant, String conversationId) {
        return as(tenant)
                .get("/api/v2/conversations/" + conversationId)
                .then()
                .extract()
                .path("updated_at");
    }
}
