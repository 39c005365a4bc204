package dev.conversations.channel;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A page of channels: Ada's {@code {"data":[...],"meta":{"next_page_url"}}}. */
public record ChannelPage(List<ChannelView> data, Meta meta) {

    public record Meta(@JsonProperty("next_page_url") String nextPageUrl) {}
}
