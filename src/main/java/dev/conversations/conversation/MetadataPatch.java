package dev.conversations.conversation;

import java.util.List;

/**
 * A validated PATCH of conversation metadata: {@code values} (a JSON object as text) is merged in, the keys in
 * {@code removals} (sent as null) are removed.
 */
record MetadataPatch(String values, List<String> removals) {}
