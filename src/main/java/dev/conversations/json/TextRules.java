package dev.conversations.json;

/** Strings PostgreSQL cannot store in jsonb or that are not valid Unicode are refused before they get there. */
public final class TextRules {

    private TextRules() {}

    /** Returns why {@code text} is not acceptable, or null when it is. */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "contains the character U+0000, which is not allowed";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an unpaired UTF-16 surrogate, which is not valid Unicode";
            }
            if (Character.isLowSurrogate(c)) {
                return "contains an unpaired UTF-16 surrogate, which is not valid Unicode";
            }
        }
        return null;
    }

    /** Only white space, no-break spaces included (which String.isBlank does not count). */
    public static boolean isBlank(String text) {
        return text.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c));
    }
}
