package dev.conversations.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON compared as the user receives it: a canonical compact text with object keys sorted, strings re-escaped the
 * same way, and every number kept exactly as written ({@code 1.50} stays {@code 1.50}, it never equals
 * {@code 1.5}). Jackson's trees cannot do this: they strip trailing zeros and compare decimals by value.
 */
public final class ExactJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ExactJson() {}

    /** The canonical text of a JSON text: {@code {"b": 1.50, "a": "x"}} gives {@code {"a":"x","b":1.50}}. */
    public static String canonical(String json) {
        return render(parse(json));
    }

    /**
     * The canonical text of the value at a JSON Pointer of a JSON text: {@code at(body, "/metadata")},
     * {@code at(body, "/data/0")}.
     */
    public static String at(String json, String pointer) {
        Object value = parse(json);
        if (!pointer.isEmpty()) {
            if (!pointer.startsWith("/")) {
                throw new IllegalArgumentException("A JSON Pointer starts with '/': " + pointer);
            }
            for (String segment : pointer.substring(1).split("/", -1)) {
                value = child(value, segment.replace("~1", "/").replace("~0", "~"), pointer, json);
            }
        }
        return render(value);
    }

    private static Object child(Object value, String segment, String pointer, String json) {
        Object child = null;
        if (value instanceof Map<?, ?> members) {
            child = members.get(segment);
        } else if (value instanceof List<?> items && segment.matches("0|[1-9][0-9]{0,8}")) {
            int index = Integer.parseInt(segment);
            child = index < items.size() ? items.get(index) : null;
        }
        if (child == null) {
            throw new AssertionError("No value at " + pointer + " in " + json);
        }
        return child;
    }

    /** Objects become sorted maps, arrays lists, and every scalar its canonical text. */
    private static Object parse(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new AssertionError("Not JSON: empty text");
            }
            Object value = read(parser, first);
            if (parser.nextToken() != null) {
                throw new AssertionError("Not JSON: trailing content in " + json);
            }
            return value;
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + json, e);
        }
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> members = new TreeMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    members.put(name, read(parser, parser.nextToken()));
                }
                return members;
            }
            case START_ARRAY: {
                List<Object> items = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    items.add(read(parser, next));
                }
                return items;
            }
            case VALUE_STRING:
                return quoted(parser.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                // The digits of the text itself, never a parsed value.
                return parser.getText();
            case VALUE_TRUE:
            case VALUE_FALSE:
            case VALUE_NULL:
                return token.asString();
            default:
                throw new AssertionError("Unexpected JSON token " + token);
        }
    }

    private static String render(Object value) {
        if (value instanceof String scalar) {
            return scalar;
        }
        StringBuilder text = new StringBuilder();
        if (value instanceof Map<?, ?> members) {
            text.append('{');
            members.forEach((name, member) -> {
                if (text.length() > 1) {
                    text.append(',');
                }
                text.append(quoted((String) name)).append(':').append(render(member));
            });
            return text.append('}').toString();
        }
        text.append('[');
        for (Object item : (List<?>) value) {
            if (text.length() > 1) {
                text.append(',');
            }
            text.append(render(item));
        }
        return text.append(']').toString();
    }

    private static String quoted(String string) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(string)) + '"';
    }
}
