package dev.conversations.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conversations.error.ApiError;
import dev.conversations.error.ErrorType;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ada's metadata value rules: a flat object whose values are strings, booleans and integers (and, for conversations
 * and channels, other numbers), at most {@code maxBytes} bytes of compact JSON. Numbers stay exact. The rules of
 * conversations and channels are the default bean, those of end users are {@link EndUserMetadata}
 * ({@link MetadataRulesProducer}).
 */
public class MetadataRules {
    private final ObjectMapper mapper;
    private final int maxBytes;
    private final int maxKeysPerPatch;
    private final boolean fractionsAllowed;

    MetadataRules(ObjectMapper mapper, int maxBytes, int maxKeysPerPatch, boolean fractionsAllowed) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
        this.maxKeysPerPatch = maxKeysPerPatch;
        this.fractionsAllowed = fractionsAllowed;
    }

    public int maxBytes() {
        return maxBytes;
    }

    /**
     * Checks the metadata of a create request: nulls are refused and the size limit applies. Problems are
     * added to {@code errors}; the result is null when there were any.
     */
    public ObjectNode forCreate(JsonNode node, String path, List<ApiError> errors) {
        Metadata metadata = check(node, path, false, errors);
        if (metadata == null) {
            return null;
        }
        int size = compactSize(metadata.values());
        if (size > maxBytes) {
            errors.add(tooLarge(path, size));
            return null;
        }
        return metadata.values();
    }

    /**
     * Checks the metadata of a PATCH: a null removes the key. The merged size is checked by the database, but a
     * patch whose values alone exceed the limit can be refused here.
     */
    public Metadata forPatch(JsonNode node, String path, List<ApiError> errors) {
        if (node != null && node.size() > maxKeysPerPatch) {
            errors.add(invalid(
                    path,
                    node.size() + " keys named, a PATCH may name at most " + maxKeysPerPatch
                            + " (keys sent as null included)"));
            return null;
        }
        Metadata metadata = check(node, path, true, errors);
        if (metadata == null) {
            return null;
        }
        int size = compactSize(metadata.values());
        if (size > maxBytes) {
            errors.add(tooLarge(path, size));
            return null;
        }
        return metadata;
    }

    public ApiError tooLarge(String path) {
        return new ApiError(
                ErrorType.INVALID_REQUEST,
                "Metadata may not exceed " + maxBytes + " bytes",
                path + ": the merged metadata would exceed " + maxBytes + " bytes of compact JSON");
    }

    /** Bytes of the compact UTF-8 JSON of {@code values}, as PostgreSQL would print it without spaces. */
    public int compactSize(ObjectNode values) {
        return toJson(values).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    public String toJson(ObjectNode values) {
        try {
            return mapper.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ApiError tooLarge(String path, int size) {
        return new ApiError(
                ErrorType.INVALID_REQUEST,
                "Metadata may not exceed " + maxBytes + " bytes",
                path + ": " + size + " bytes of compact JSON, the limit is " + maxBytes);
    }

    private Metadata check(JsonNode node, String path, boolean nullRemoves, List<ApiError> errors) {
        if (node == null || node.isNull()) {
            errors.add(invalid(path, "metadata is required and must be an object"));
            return null;
        }
        if (!node.isObject()) {
            errors.add(invalid(path, "metadata must be an object"));
            return null;
        }
        int before = errors.size();
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        List<String> removals = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            String keyProblem = key.isEmpty() ? "keys must not be empty" : TextRules.problem(key);
            if (keyProblem != null) {
                errors.add(invalid(JsonPaths.child(path, key), "the key " + keyProblem));
                continue;
            }
            switch (value.getNodeType()) {
                case STRING -> {
                    String problem = TextRules.problem(value.textValue());
                    if (problem != null) {
                        errors.add(invalid(JsonPaths.child(path, key), "the value " + problem));
                    } else {
                        values.set(key, value);
                    }
                }
                case BOOLEAN -> values.set(key, value);
                case NUMBER -> {
                    if (!fractionsAllowed && !value.isIntegralNumber()) {
                        errors.add(invalid(JsonPaths.child(path, key), valueTypes()));
                        continue;
                    }
                    JsonNode number = canonicalNumber(value);
                    if (number == null) {
                        errors.add(invalid(
                                JsonPaths.child(path, key), "the number has more than " + maxBytes + " digits"));
                    } else {
                        values.set(key, number);
                    }
                }
                case NULL -> {
                    if (nullRemoves) {
                        removals.add(key);
                    } else {
                        errors.add(invalid(
                                JsonPaths.child(path, key),
                                "null is only allowed in a PATCH, where it removes the key"));
                    }
                }
                case OBJECT -> errors.add(invalid(JsonPaths.child(path, key), "nested objects are not allowed"));
                case ARRAY -> errors.add(invalid(JsonPaths.child(path, key), "arrays are not allowed"));
                default -> errors.add(invalid(JsonPaths.child(path, key), valueTypes()));
            }
        }
        return errors.size() == before ? new Metadata(values, List.copyOf(removals)) : null;
    }

    /**
     * The number as PostgreSQL's numeric prints it: plain notation, never a negative scale. Null when that form
     * would be longer than the metadata limit (PostgreSQL may not even represent it).
     */
    private JsonNode canonicalNumber(JsonNode value) {
        if (!value.isBigDecimal()) {
            return value;
        }
        BigDecimal decimal = value.decimalValue();
        long integerDigits = Math.max(1L, (long) decimal.precision() - decimal.scale());
        long fractionDigits = Math.max(0, decimal.scale());
        if (integerDigits + fractionDigits > maxBytes) {
            return null;
        }
        if (decimal.scale() < 0) {
            decimal = decimal.setScale(0);
        }
        return JsonNodeFactory.withExactBigDecimals(true).numberNode(decimal);
    }

    private String valueTypes() {
        return fractionsAllowed
                ? "values must be strings, booleans, integers or numbers"
                : "values must be strings, booleans or integers";
    }

    private static ApiError invalid(String path, String problem) {
        return new ApiError(ErrorType.INVALID_REQUEST, "Invalid metadata", path + ": " + problem);
    }
}
