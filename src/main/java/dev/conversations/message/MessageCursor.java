package dev.conversations.message;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The opaque cursor of a message list: the number of the last message of the page (messages are numbered in commit
 * order, without gaps), so the next page starts right after it whatever was posted meanwhile.
 */
final class MessageCursor {
    private static final String PREFIX = "msg:";
    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,17}");

    private MessageCursor() {}

    static String of(long seq) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + seq).getBytes(StandardCharsets.US_ASCII));
    }

    /** The message number a cursor stands for; empty when it is not one this API returned. */
    static OptionalLong parse(String cursor) {
        if (cursor == null || cursor.length() > 40) {
            return OptionalLong.empty();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!text.startsWith(PREFIX)
                    || !NUMBER.matcher(text.substring(PREFIX.length())).matches()) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Long.parseLong(text.substring(PREFIX.length())));
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }
}
