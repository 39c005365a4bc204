package dev.conversations.channel;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.conversations.json.ApiTimestamps;

/** Ada's CustomChannel. */
public record ChannelView(
        String id,
        String type,
        String name,
        String description,
        String modality,
        @JsonRawValue String metadata,
        @JsonProperty("created_at") String createdAt) {

    static ChannelView of(Channel channel) {
        return new ChannelView(
                channel.id,
                "custom",
                channel.name,
                channel.description,
                channel.modality,
                channel.metadata,
                ApiTimestamps.format(channel.createdAt));
    }
}
