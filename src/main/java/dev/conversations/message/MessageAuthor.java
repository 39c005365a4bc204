package dev.conversations.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Ada's ConversationMessageAuthor (and MessageLogsAuthor): who wrote a message. */
public record MessageAuthor(
        String id,
        String role,
        String avatar,
        @JsonProperty("display_name") String displayName) {

    static final String END_USER = "end_user";
    static final String HUMAN_AGENT = "human_agent";
    /** Not in Ada's create request: the operator's own bot (a self-hosted platform has no Ada AI agent). */
    static final String AI_AGENT = "ai_agent";
}
