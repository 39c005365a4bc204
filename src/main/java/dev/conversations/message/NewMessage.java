package dev.conversations.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.id.ResourceId;
import dev.conversations.json.RequestObject;
import dev.conversations.json.TextRules;
import dev.conversations.json.WebUrls;
import java.util.Set;

/** A validated MessageCreateRequest (README, API: messages). */
record NewMessage(MessageAuthor author, MessageContent content) {
    static final int MAX_BODY_CHARACTERS = 4096;
    private static final Set<String> FIELDS = Set.of("author", "content");
    private static final Set<String> READ_ONLY = Set.of("id", "conversation_id", "created_at", "updated_at");
    private static final Set<String> AUTHOR_FIELDS = Set.of("id", "role", "display_name", "avatar");
    private static final Set<String> CONTENT_FIELDS = Set.of("type", "body", "url", "mime_type", "filename");
    private static final Set<String> ROLES =
            Set.of(MessageAuthor.END_USER, MessageAuthor.HUMAN_AGENT, MessageAuthor.AI_AGENT);

    /** Reads and checks the request; every problem is reported at once (400). */
    static NewMessage read(JsonNode body) {
        RequestObject request = RequestObject.of(body, FIELDS, READ_ONLY);
        MessageAuthor author = readAuthor(request.requiredObject("author", AUTHOR_FIELDS));
        MessageContent content = readContent(request.requiredObject("content", CONTENT_FIELDS));
        request.done();
        return new NewMessage(author, content);
    }

    private static MessageAuthor readAuthor(RequestObject author) {
        if (author == null) {
            return null;
        }
        String role = author.requiredString("role", 20);
        String id = author.optionalString("id", 128);
        String displayName = author.optionalString("display_name", 200);
        String avatar = author.optionalString("avatar", 2048);
        if (role != null && !ROLES.contains(role)) {
            author.reject("role", "must be one of end_user, human_agent, ai_agent");
        }
        if (MessageAuthor.END_USER.equals(role) && !author.has("id")) {
            author.reject("id", "is required when the role is end_user");
        } else if (MessageAuthor.END_USER.equals(role) && id != null && !ResourceId.isValid(id)) {
            author.reject("id", "is not the end user of this conversation");
        }
        if (MessageAuthor.HUMAN_AGENT.equals(role) && (displayName == null || TextRules.isBlank(displayName))) {
            author.reject("display_name", "is required when the role is human_agent");
        }
        if (avatar != null && !WebUrls.isWebUrl(avatar)) {
            author.reject("avatar", "must be an absolute http or https URL");
        }
        return new MessageAuthor(id, role, avatar, displayName);
    }

    private static MessageContent readContent(RequestObject content) {
        if (content == null) {
            return null;
        }
        String type = content.requiredString("type", 10);
        if (MessageContent.Text.TYPE.equals(type)) {
            for (String fileField : Set.of("url", "mime_type", "filename")) {
                if (content.has(fileField)) {
                    content.reject(fileField, "is only allowed in file content");
                }
            }
            String text = content.requiredString("body", MAX_BODY_CHARACTERS);
            if (text != null && TextRules.isBlank(text)) {
                content.reject("body", "must not be blank");
            }
            return new MessageContent.Text(text);
        }
        if (MessageContent.File.TYPE.equals(type)) {
            if (content.has("body")) {
                content.reject("body", "is only allowed in text content");
            }
            String url = content.requiredString("url", 2048);
            String mimeType = content.requiredString("mime_type", 255);
            String filename = content.requiredString("filename", 255);
            // Whether the URL is one of our attachment URLs of this conversation is checked by MessageService.
            return new MessageContent.File(url, mimeType, filename);
        }
        if (type != null) {
            content.reject("type", "must be text or file");
        }
        return null;
    }
}
