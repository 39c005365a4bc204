package dev.conversations.error;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parser's own words for a refused body, without the names of its classes and methods. */
final class ParserLimitMessages {
    /** Jackson: "Document nesting depth (33) exceeds the maximum allowed (32, from `StreamReadConstraints...`)". */
    private static final Pattern LIMIT = Pattern.compile("^(.+?) \\(\\d+\\) exceeds the maximum allowed \\((\\d+)");

    private ParserLimitMessages() {}

    static String describe(String parserMessage) {
        Matcher limit = LIMIT.matcher(parserMessage == null ? "" : parserMessage);
        if (!limit.find()) {
            return "the body exceeds a parser limit";
        }
        String what =
                switch (limit.group(1).toLowerCase(Locale.ROOT)) {
                    case "document nesting depth" -> "nesting depth";
                    case "document length" -> "body length in bytes";
                    case "name length" -> "length of a key";
                    case "string value length" -> "length of a string";
                    case "number value length" -> "length of a number";
                    case "token count" -> "number of JSON tokens";
                    default -> "a parser limit";
                };
        return what + " exceeds the limit of " + limit.group(2);
    }

    /** Whether a parser message can be shown as it is: it names no class, method or configuration. */
    static boolean isPlain(String parserMessage) {
        return parserMessage != null
                && parserMessage.indexOf('`') < 0
                && !parserMessage.contains("com.fasterxml")
                && !parserMessage.contains("java.");
    }

    /**
     * What kind of syntax error the parser found ("Unrecognized token", "Unexpected character"), without the text it
     * quotes: that text is the client's body, and may be a secret (an unquoted sensitive value).
     */
    static String kind(String parserMessage) {
        int end = parserMessage.length();
        for (char stop : new char[] {'\'', '"', '(', ':', '\n'}) {
            int at = parserMessage.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String kind = parserMessage.substring(0, end).strip();
        return kind.isEmpty() ? "syntax error" : kind;
    }
}
