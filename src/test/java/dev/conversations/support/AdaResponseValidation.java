package dev.conversations.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.ValidationMessage;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A RestAssured filter that checks every response of the tenant API against Ada's schema for that operation and
 * status, and every error response (of any path) against Ada's error envelope.
 */
public class AdaResponseValidation implements Filter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHANNELS = Pattern.compile(".*/api/v2/channels/?");
    private static final Pattern CONVERSATIONS = Pattern.compile(".*/api/v2/conversations/?");
    private static final Pattern CONVERSATION = Pattern.compile(".*/api/v2/conversations/[^/]+/?");
    private static final Pattern MESSAGES = Pattern.compile(".*/api/v2/conversations/[^/]+/messages/?");
    private static final Pattern END = Pattern.compile(".*/api/v2/conversations/[^/]+/end/?");
    private static final Pattern END_HANDOFF = Pattern.compile(".*/api/v2/conversations/[^/]+/end-handoff/?");
    private static final Pattern ATTACHMENTS = Pattern.compile(".*/api/v2/conversations/[^/]+/attachments/?");
    private static final Pattern END_USERS = Pattern.compile(".*/api/v2/end-users/?");
    private static final Pattern END_USER = Pattern.compile(".*/api/v2/end-users/[^/]+/?");

    @Override
    public Response filter(
            FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext ctx) {
        Response result = ctx.next(request, response);
        String path = request.getURI().replaceFirst("\\?.*", "");
        String method = request.getMethod();
        int status = result.statusCode();
        if (status >= 400) {
            assertEquals("application/json", result.contentType().replaceFirst(";.*", ""), "error media type");
            check("conversations.yml", "Errors", result);
            return result;
        }
        if (!path.contains("/api/v2/")) {
            return result;
        }
        if (CHANNELS.matcher(path).matches()) {
            check(
                    "channels.yml",
                    method.equals("POST") ? "CustomChannel" : "Channels_getChannels_Response_200",
                    result);
        } else if (CONVERSATIONS.matcher(path).matches()
                || CONVERSATION.matcher(path).matches()) {
            check("conversations.yml", "Conversation_3", result);
        } else if (MESSAGES.matcher(path).matches()) {
            if (method.equals("POST")) {
                checkMessage(result);
            } else {
                check("conversations.yml", "MessageList", result);
            }
        } else if (END.matcher(path).matches()) {
            check("conversations.yml", "Conversations_endConversation_Response_200", result);
        } else if (END_HANDOFF.matcher(path).matches()) {
            check("conversations.yml", "Conversations_endHandoff_Response_200", result);
        } else if (ATTACHMENTS.matcher(path).matches()) {
            check("conversations.yml", "AttachmentUploadResponse", result);
        } else if (END_USERS.matcher(path).matches()) {
            // Ada's GET response is a oneOf of EndUser and EndUsers, which a list also matches as an EndUser (no
            // field is required): each form is checked against its own schema.
            boolean list = method.equals("GET") && !request.getURI().contains("external_id=");
            check("end-users.yml", list ? "EndUsers" : "EndUser", result);
        } else if (END_USER.matcher(path).matches()) {
            check("end-users.yml", "EndUser", result);
        }
        return result;
    }

    /**
     * Ada's Message, whose author role (like the create request's) knows end_user and human_agent only: our
     * ai_agent extension is checked as a human_agent message, everything else as it is.
     */
    private static void checkMessage(Response response) {
        JsonNode body;
        try {
            body = JSON.readTree(response.asByteArray());
        } catch (Exception e) {
            throw new AssertionError("Response is not JSON: " + response.asString(), e);
        }
        if (body.path("author").path("role").asText().equals("ai_agent")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("author")).put("role", "human_agent");
        }
        Set<ValidationMessage> problems = AdaSchemas.validate("conversations.yml", "Message", body);
        assertTrue(problems.isEmpty(), () -> "Response does not match Ada's Message: " + problems + "\n" + body);
    }

    private static void check(String document, String schema, Response response) {
        JsonNode body;
        try {
            body = JSON.readTree(response.asByteArray());
        } catch (Exception e) {
            throw new AssertionError("Response is not JSON: " + response.asString(), e);
        }
        Set<ValidationMessage> problems = AdaSchemas.validate(document, schema, body);
        assertTrue(problems.isEmpty(), () -> "Response does not match Ada's " + schema + ": " + problems + "\n" + body);
    }
}
