package dev.conversations.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conversations.error.ApiError;
import dev.conversations.error.ApiException;
import dev.conversations.error.ErrorType;
import dev.conversations.id.ResourceId;
import dev.conversations.json.Metadata;
import dev.conversations.json.MetadataRules;
import dev.conversations.json.RequestObject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

@ApplicationScoped
public class ConversationService {
    private static final Set<String> CREATE_FIELDS = Set.of("channel_id", "end_user_id", "metadata");
    private static final Set<String> PATCH_FIELDS = Set.of("metadata");
    private static final Set<String> READ_ONLY = Set.of("id", "status", "created_at", "updated_at");
    private static final Set<String> PATCH_READ_ONLY =
            Set.of("id", "status", "created_at", "updated_at", "channel_id", "end_user_id");

    private final ConversationRepository conversations;
    private final MetadataRules metadataRules;
    private final Counter tooLarge;

    public ConversationService(
            ConversationRepository conversations, MetadataRules metadataRules, MeterRegistry registry) {
        this.conversations = conversations;
        this.metadataRules = metadataRules;
        this.tooLarge = Counter.builder("conversations.metadata.merge.rejections")
                .description("PATCHes refused by the merge statement because the merged metadata would be too large")
                .tag("reason", "too_large")
                .register(registry);
    }

    Uni<Conversation> create(String tenantId, JsonNode body) {
        RequestObject request = RequestObject.of(body, CREATE_FIELDS, READ_ONLY);
        String channelId = request.requiredString("channel_id", 100);
        String endUserId = request.optionalString("end_user_id", 100);
        JsonNode metadataNode = request.get("metadata");
        ObjectNode metadata = metadataNode == null || metadataNode.isNull()
                ? JsonNodeFactory.instance.objectNode()
                : metadataRules.forCreate(metadataNode, "$.metadata", request.errors());
        request.done();
        if (!ResourceId.isValid(channelId)) {
            return Uni.createFrom().failure(ApiException.notFound("Channel not found"));
        }
        if (endUserId != null && !ResourceId.isValid(endUserId)) {
            return Uni.createFrom().failure(ApiException.notFound("End user not found"));
        }
        return conversations
                .create(
                        tenantId,
                        ResourceId.next(),
                        channelId,
                        endUserId,
                        ResourceId.next(),
                        metadataRules.toJson(metadata))
                .map(created -> created.orElseThrow(() -> ApiException.notFound(
                        endUserId == null ? "Channel not found" : "Channel or end user not found")));
    }

    Uni<Conversation> find(String tenantId, String id) {
        if (!ResourceId.isValid(id)) {
            return Uni.createFrom().failure(notFound());
        }
        return conversations.find(tenantId, id).map(found -> found.orElseThrow(ConversationService::notFound));
    }

    Uni<Conversation> patchMetadata(String tenantId, String id, JsonNode body) {
        RequestObject request = RequestObject.of(body, PATCH_FIELDS, PATCH_READ_ONLY);
        Metadata metadata = metadataRules.forPatch(request.get("metadata"), "$.metadata", request.errors());
        request.done();
        if (!ResourceId.isValid(id)) {
            return Uni.createFrom().failure(notFound());
        }
        MetadataPatch patch = new MetadataPatch(metadataRules.toJson(metadata.values()), metadata.removals());
        return conversations
                .mergeMetadata(tenantId, id, patch, metadataRules.maxBytes())
                .map(result -> {
                    if (result.tooLarge()) {
                        tooLarge.increment();
                        throw ApiException.badRequest(List.of(metadataRules.tooLarge("$.metadata")));
                    }
                    if (result.conversation() == null) {
                        throw notFound();
                    }
                    return result.conversation();
                });
    }

    Uni<OutcomeMessage> end(String tenantId, String id) {
        if (!ResourceId.isValid(id)) {
            return Uni.createFrom().failure(notFound());
        }
        return conversations.end(tenantId, id).map(outcome -> switch (outcome) {
            case CHANGED -> new OutcomeMessage("Conversation ended");
            // Ending twice is harmless: the first end (and its ended_at) stands.
            case UNCHANGED -> new OutcomeMessage("Conversation already ended");
            case NOT_FOUND -> throw notFound();
        });
    }

    Uni<OutcomeMessage> endHandoff(String tenantId, String id) {
        if (!ResourceId.isValid(id)) {
            return Uni.createFrom().failure(notFound());
        }
        return conversations.endHandoff(tenantId, id).map(outcome -> switch (outcome) {
            case CHANGED -> new OutcomeMessage("Handoff ended; the AI agent has control again");
            case UNCHANGED ->
                throw new ApiException(
                        422,
                        List.of(ApiError.of(
                                ErrorType.NOT_IN_HANDOFF, "Conversation is not in an active handoff state")));
            case NOT_FOUND -> throw notFound();
        });
    }

    private static ApiException notFound() {
        return ApiException.notFound("Conversation not found");
    }
}
