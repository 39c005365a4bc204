package dev.conversations.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.error.ApiError;
import dev.conversations.error.ApiException;
import dev.conversations.error.ErrorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the fields of a JSON request body and collects one error per problem, with the JSON path of each
 * offending field. Call {@link #done()} after reading to throw them all at once.
 */
public final class RequestObject {
    private final JsonNode body;
    private final String path;
    private final List<ApiError> errors;

    private RequestObject(JsonNode body, String path, List<ApiError> errors) {
        this.body = body;
        this.path = path;
        this.errors = errors;
    }

    /**
     * Starts reading {@code body}, which must be an object holding only {@code allowed} fields; the
     * {@code readOnly} ones are named as such in the error.
     */
    public static RequestObject of(JsonNode body, Set<String> allowed, Set<String> readOnly) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw ApiException.badRequest("A JSON object body is required", "$");
        }
        if (!body.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object", "$");
        }
        RequestObject request = new RequestObject(body, "$", new ArrayList<>());
        request.checkFields(allowed, readOnly);
        return request;
    }

    /**
     * The required object {@code field}, read like the body itself (its problems are reported with this one's);
     * null when it is missing or not an object.
     */
    public RequestObject requiredObject(String field, Set<String> allowed) {
        JsonNode node = body.get(field);
        String fieldPath = JsonPaths.child(path, field);
        if (node == null || node.isNull()) {
            add(fieldPath, "the field is required");
            return null;
        }
        if (!node.isObject()) {
            add(fieldPath, "must be an object");
            return null;
        }
        RequestObject child = new RequestObject(node, fieldPath, errors);
        child.checkFields(allowed, Set.of());
        return child;
    }

    /**
     * The optional object {@code field}, read like the body itself; null when it is absent, null (the caller tells
     * the two apart with {@link #get}) or not an object (a problem is then recorded).
     */
    public RequestObject optionalObject(String field, Set<String> allowed) {
        RequestObject child = optionalMap(field);
        if (child != null) {
            child.checkFields(allowed, Set.of());
        }
        return child;
    }

    /** Like {@link #optionalObject}, for an object whose keys are the client's own (a map). */
    public RequestObject optionalMap(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            add(JsonPaths.child(path, field), "must be an object");
            return null;
        }
        return new RequestObject(node, JsonPaths.child(path, field), errors);
    }

    /** The JSON path of {@code field} in this object, for problems found by the caller's own rules. */
    public String pathOf(String field) {
        return JsonPaths.child(path, field);
    }

    /** The number of fields of this object. */
    public int size() {
        return body.size();
    }

    /** The fields of this object, in the order sent. */
    public Iterable<Map.Entry<String, JsonNode>> fields() {
        return body.properties();
    }

    private void checkFields(Set<String> allowed, Set<String> readOnly) {
        body.fieldNames().forEachRemaining(name -> {
            if (readOnly.contains(name)) {
                add(JsonPaths.child(path, name), "the field is read-only");
            } else if (!allowed.contains(name)) {
                add(JsonPaths.child(path, name), "unknown field");
            }
        });
    }

    /** Whether {@code field} is present with a value other than null. */
    public boolean has(String field) {
        JsonNode node = body.get(field);
        return node != null && !node.isNull();
    }

    public JsonNode get(String field) {
        return body.get(field);
    }

    /** A required string of 1 to {@code maxLength} characters. */
    public String requiredString(String field, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            add(JsonPaths.child(path, field), "the field is required");
            return null;
        }
        return string(field, node, 1, maxLength);
    }

    /** An optional string of at most {@code maxLength} characters; null when absent or null. */
    public String optionalString(String field, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        return string(field, node, 0, maxLength);
    }

    /** Records a problem with {@code field} found by the caller's own rules. */
    public void reject(String field, String problem) {
        add(JsonPaths.child(path, field), problem);
    }

    /** Records a problem with item {@code index} of the array {@code field}. */
    public void rejectItem(String field, int index, String problem) {
        add(JsonPaths.child(path, field) + "[" + index + "]", problem);
    }

    public List<ApiError> errors() {
        return errors;
    }

    /** Throws a 400 listing every problem found, if any. */
    public void done() {
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
    }

    private String string(String field, JsonNode node, int minLength, int maxLength) {
        String path = JsonPaths.child(this.path, field);
        if (!node.isTextual()) {
            add(path, "must be a string");
            return null;
        }
        String text = node.textValue();
        String problem = TextRules.problem(text);
        if (problem != null) {
            add(path, problem);
            return null;
        }
        int length = text.codePointCount(0, text.length());
        if (length < minLength) {
            add(path, "must not be empty");
            return null;
        }
        if (length > maxLength) {
            add(path, "must be at most " + maxLength + " characters");
            return null;
        }
        return text;
    }

    private void add(String path, String problem) {
        errors.add(new ApiError(ErrorType.INVALID_REQUEST, "Invalid request body", path + ": " + problem));
    }
}
