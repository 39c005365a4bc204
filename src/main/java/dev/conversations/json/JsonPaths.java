package dev.conversations.json;

import java.util.regex.Pattern;

/** JSONPath notation for the {@code details} of validation errors: {@code $.metadata.plan}. */
public final class JsonPaths {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Longer keys are shortened in error details, so an error response stays small whatever the request. */
    private static final int SHOWN_KEY_LENGTH = 64;

    private JsonPaths() {}

    public static String child(String parent, String key) {
        if (key.length() > SHOWN_KEY_LENGTH) {
            int end = Character.isHighSurrogate(key.charAt(SHOWN_KEY_LENGTH - 1))
                    ? SHOWN_KEY_LENGTH - 1
                    : SHOWN_KEY_LENGTH;
            key = key.substring(0, end) + "...";
        }
        if (IDENTIFIER.matcher(key).matches()) {
            return parent + "." + key;
        }
        StringBuilder quoted = new StringBuilder(parent).append("['");
        key.codePoints().forEach(cp -> {
            if (cp == '\'' || cp == '\\') {
                quoted.append('\\');
            }
            if (cp < 0x20 || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
                quoted.append(String.format("\\u%04x", cp));
            } else {
                quoted.appendCodePoint(cp);
            }
        });
        return quoted.append("']").toString();
    }
}
