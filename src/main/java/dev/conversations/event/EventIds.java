package dev.conversations.event;

import java.util.Optional;
import java.util.UUID;

/** The public id of an event: {@code evt_} and its random UUID in hex (the webhook-id, the stream's event id). */
public final class EventIds {
    private static final String PREFIX = "evt_";

    private EventIds() {}

    public static String format(UUID id) {
        return PREFIX + id.toString().replace("-", "");
    }

    /** The UUID of an id this API gave out; empty for anything else. */
    public static Optional<UUID> parse(String text) {
        if (text == null || text.length() != PREFIX.length() + 32 || !text.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String hex = text.substring(PREFIX.length());
        if (!hex.matches("[0-9a-f]{32}")) {
            return Optional.empty();
        }
        return Optional.of(new UUID(
                Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16)));
    }
}
