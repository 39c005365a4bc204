package dev.conversations.enduser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.json.RequestObject;
import dev.conversations.json.TextRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The sensitive fields of a request ({@code profile.sensitive_metadata.fields}, Ada's rules): keys matching
 * {@code [A-Za-z0-9_-]+}, values non-empty strings, booleans or integers, null removing a key. {@code values} holds
 * each value's JSON text, to be encrypted. No problem message ever quotes a value.
 */
record SensitiveFields(Map<String, String> values, List<String> removals, boolean clearAll) {
    static final SensitiveFields NONE = new SensitiveFields(Map.of(), List.of(), false);
    static final SensitiveFields CLEAR = new SensitiveFields(Map.of(), List.of(), true);

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final int MAX_VALUE_LENGTH = 1024;

    /** Reads {@code profile.sensitive_metadata}; problems are recorded in the request. */
    static SensitiveFields read(RequestObject profile, int maxFields) {
        JsonNode given = profile.get("sensitive_metadata");
        if (given == null) {
            return NONE;
        }
        if (given.isNull()) {
            return CLEAR;
        }
        RequestObject sensitive = profile.optionalObject("sensitive_metadata", Set.of("fields"));
        if (sensitive == null) {
            return NONE;
        }
        if (sensitive.get("fields") == null || sensitive.get("fields").isNull()) {
            sensitive.reject("fields", "the field is required");
            return NONE;
        }
        RequestObject fields = sensitive.optionalMap("fields");
        if (fields == null) {
            return NONE;
        }
        if (fields.size() > maxFields) {
            sensitive.reject("fields", fields.size() + " fields named, at most " + maxFields + " per request");
            return NONE;
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> removals = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : fields.fields()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            String problem = KEY.matcher(key).matches()
                    ? problem(value)
                    : "keys must match [A-Za-z0-9_-]+ and have at most 128 characters";
            if (problem != null) {
                fields.reject(key, problem);
            } else if (value.isNull()) {
                removals.add(key);
            } else {
                values.put(key, value.toString());
            }
        }
        return new SensitiveFields(values, removals, false);
    }

    boolean isEmpty() {
        return values.isEmpty() && removals.isEmpty() && !clearAll;
    }

    private static String problem(JsonNode value) {
        return switch (value.getNodeType()) {
            case NULL, BOOLEAN -> null;
            case NUMBER -> value.isIntegralNumber() && value.toString().length() <= 100 ? null : "must be an integer";
            case STRING -> {
                String text = value.textValue();
                if (text.isEmpty() || TextRules.isBlank(text)) {
                    yield "must not be empty";
                }
                if (text.codePointCount(0, text.length()) > MAX_VALUE_LENGTH) {
                    yield "must be at most " + MAX_VALUE_LENGTH + " characters";
                }
                yield TextRules.problem(text);
            }
            default -> "must be a string, a boolean, an integer or null";
        };
    }
}
