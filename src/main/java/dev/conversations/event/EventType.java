package dev.conversations.event;

import java.util.Arrays;
import java.util.Optional;

/** The events of the log (Ada's webhook catalogue, without the audit log and the handoff integrations). */
public enum EventType {
    CONVERSATION_CREATED("v1.conversation.created", "Sent when a new conversation is started"),
    CONVERSATION_ENDED("v1.conversation.ended", "Sent when a conversation ends (POST /v2/conversations/{id}/end/)"),
    CONVERSATION_MESSAGE("v1.conversation.message", "Sent when a new message is added to a conversation"),
    END_USER_CREATED("v1.end_user.created", "Sent when a new end user is created"),
    END_USER_UPDATED("v1.end_user.updated", "Sent when an end user is updated through PATCH /v2/end-users/{id}");

    private final String typeName;
    private final String description;

    EventType(String typeName, String description) {
        this.typeName = typeName;
        this.description = description;
    }

    public String typeName() {
        return typeName;
    }

    public String description() {
        return description;
    }

    public static Optional<EventType> named(String name) {
        return Arrays.stream(values())
                .filter(type -> type.typeName.equals(name))
                .findFirst();
    }
}
