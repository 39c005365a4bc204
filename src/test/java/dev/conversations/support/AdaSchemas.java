package dev.conversations.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ada's published schemas (src/test/resources/ada-openapi, copied from Ada's OpenAPI documents) as JSON Schema
 * 2020-12 validators.
 *
 * <p>Ada declares metadata values as {@code oneOf} string/boolean/integer/number. Every integer is also a number,
 * so no integer could ever satisfy that {@code oneOf}; the intent is plainly "any of these", so the metadata value
 * schemas are read as {@code anyOf}. Nothing else of Ada's schemas is changed.
 */
public final class AdaSchemas {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, ObjectNode> DOCUMENTS = new ConcurrentHashMap<>();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private AdaSchemas() {}

    /** Validation messages of {@code body} against {@code #/components/schemas/<name>} of Ada's document. */
    public static Set<ValidationMessage> validate(String document, String name, JsonNode body) {
        return SCHEMAS.computeIfAbsent(document + "#" + name, key -> compile(document, name))
                .validate(body);
    }

    public static ObjectNode document(String document) {
        return DOCUMENTS.computeIfAbsent(document, AdaSchemas::load);
    }

    private static JsonSchema compile(String document, String name) {
        ObjectNode wrapper = YAML.createObjectNode();
        wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        wrapper.put("$ref", "#/components/schemas/" + name);
        ObjectNode components = document(document).get("components").deepCopy();
        components.remove("securitySchemes");
        components.get("schemas").fields().forEachRemaining(schema -> {
            if (schema.getKey().endsWith("Metadata") && schema.getValue().has("oneOf")) {
                ((ObjectNode) schema.getValue()).set("anyOf", ((ObjectNode) schema.getValue()).remove("oneOf"));
            }
        });
        wrapper.set("components", components);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(wrapper);
    }

    private static ObjectNode load(String document) {
        try (InputStream in = AdaSchemas.class.getResourceAsStream("/ada-openapi/" + document)) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
