package dev.conversations.channel;

import dev.conversations.pagination.PageMeta;
import java.util.List;

/** A page of channels: Ada's {@code {"data":[...],"meta":{"next_page_url"}}}. */
public record ChannelPage(List<ChannelView> data, PageMeta meta) {}
