package dev.conversations.message;

import dev.conversations.pagination.PageMeta;
import java.util.List;

/** Ada's MessageList. */
public record MessagePage(List<MessageLog> data, PageMeta meta) {}
