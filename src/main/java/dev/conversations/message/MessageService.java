package dev.conversations.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.attachment.Attachment;
import dev.conversations.attachment.AttachmentService;
import dev.conversations.error.ApiError;
import dev.conversations.error.ApiException;
import dev.conversations.error.ErrorType;
import dev.conversations.id.ResourceId;
import dev.conversations.pagination.PageLinks;
import dev.conversations.pagination.PageMeta;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class MessageService {
    private final MessageRepository messages;
    private final AttachmentService attachments;
    private final PageLinks pageLinks;

    public MessageService(MessageRepository messages, AttachmentService attachments, PageLinks pageLinks) {
        this.messages = messages;
        this.attachments = attachments;
        this.pageLinks = pageLinks;
    }

    Uni<Message> post(String tenantId, String conversationId, JsonNode body) {
        NewMessage message = NewMessage.read(body);
        if (!ResourceId.isValid(conversationId)) {
            return Uni.createFrom().failure(conversationNotFound());
        }
        Uni<NewMessage> checked = message.content() instanceof MessageContent.File file
                ? checkAttachment(tenantId, conversationId, file)
                        .map(url -> new NewMessage(
                                message.author(), new MessageContent.File(url, file.mimeType(), file.filename())))
                : Uni.createFrom().item(message);
        return checked.flatMap(ready -> messages.post(tenantId, conversationId, ResourceId.next(), ready))
                .map(posted -> {
                    if (posted.message() != null) {
                        return posted.message();
                    }
                    throw switch (posted.refusal()) {
                        case NOT_FOUND -> conversationNotFound();
                        case ENDED ->
                            new ApiException(
                                    400,
                                    List.of(new ApiError(
                                            ErrorType.CONVERSATION_ENDED,
                                            "The conversation has ended",
                                            "no message can be added to an ended conversation")));
                        case NOT_ITS_END_USER ->
                            ApiException.badRequest(
                                    "Invalid request body", "$.author.id: is not the end user of this conversation");
                    };
                });
    }

    Uni<MessagePage> list(String tenantId, String conversationId, String limit, String cursor) {
        MessageQuery query = MessageQuery.parse(limit, cursor);
        if (!ResourceId.isValid(conversationId)) {
            return Uni.createFrom().failure(conversationNotFound());
        }
        // One more than the page, to know whether there is a next page.
        return messages.list(tenantId, conversationId, query.after(), query.limit() + 1)
                .map(found -> {
                    List<MessageRepository.Numbered> page = found.orElseThrow(MessageService::conversationNotFound);
                    boolean more = page.size() > query.limit();
                    if (more) {
                        page = page.subList(0, query.limit());
                    }
                    String next = null;
                    if (more) {
                        Map<String, String> parameters = new LinkedHashMap<>();
                        parameters.put("limit", limit);
                        next = pageLinks.next(
                                "/api/v2/conversations/" + conversationId + "/messages/",
                                parameters,
                                MessageCursor.of(page.get(page.size() - 1).seq()));
                    }
                    return new MessagePage(
                            page.stream()
                                    .map(numbered -> MessageLog.of(numbered.message()))
                                    .toList(),
                            new PageMeta(next));
                });
    }

    /**
     * A file message must name one of our attachment URLs, unexpired, of an attachment of this conversation, with
     * the type and name we recorded for it (attachments never change, so this read cannot race with the post).
     * Gives the URL as we issue it, which the message stores.
     */
    private Uni<String> checkAttachment(String tenantId, String conversationId, MessageContent.File file) {
        return attachments.ofConversation(tenantId, conversationId, file.url()).map(found -> {
            List<ApiError> problems = new ArrayList<>();
            if (found.isEmpty()) {
                problems.add(invalidContent(
                        "url",
                        "is not an attachment URL of this conversation (or it has expired): upload the file first"));
            } else {
                Attachment attachment = found.get().attachment();
                if (!attachment.mimeType().equals(file.mimeType())) {
                    problems.add(invalidContent("mime_type", "must be the attachment's: " + attachment.mimeType()));
                }
                if (!attachment.filename().equals(file.filename())) {
                    problems.add(invalidContent("filename", "must be the attachment's: " + attachment.filename()));
                }
            }
            if (!problems.isEmpty()) {
                throw ApiException.badRequest(problems);
            }
            return found.get().url();
        });
    }

    private static ApiError invalidContent(String field, String problem) {
        return new ApiError(ErrorType.INVALID_REQUEST, "Invalid request body", "$.content." + field + ": " + problem);
    }

    private static ApiException conversationNotFound() {
        return ApiException.notFound("Conversation not found");
    }
}
