package dev.conversations.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Ada's TextContent or FileContent, told apart by {@code type}. */
public sealed interface MessageContent permits MessageContent.Text, MessageContent.File {

    String type();

    record Text(String type, String body) implements MessageContent {
        static final String TYPE = "text";

        Text(String body) {
            this(TYPE, body);
        }
    }

    record File(
            String type,
            String url,
            @JsonProperty("mime_type") String mimeType,
            String filename) implements MessageContent {
        static final String TYPE = "file";

        File(String url, String mimeType, String filename) {
            this(TYPE, url, mimeType, filename);
        }
    }
}
