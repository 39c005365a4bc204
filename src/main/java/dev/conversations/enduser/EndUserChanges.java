package dev.conversations.enduser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conversations.json.Metadata;
import dev.conversations.json.MetadataRules;
import dev.conversations.json.RequestObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated create or PATCH of an end user. {@code fields} holds the external id and the profile fields given
 * (a null value clears one); {@code metadata} the metadata to merge (or to store, on create), {@code clearMetadata}
 * whether it was sent as null; {@code sensitive} the sensitive fields.
 */
record EndUserChanges(Map<String, String> fields, Metadata metadata, boolean clearMetadata, SensitiveFields sensitive) {
    private static final Set<String> BODY_FIELDS = Set.of("external_id", "profile");
    private static final Set<String> READ_ONLY = Set.of("end_user_id", "created_at", "updated_at");
    private static final Set<String> PROFILE_FIELDS = Set.of(
            "first_name", "last_name", "display_name", "avatar", "email", "language", "metadata", "sensitive_metadata");

    static EndUserChanges forCreate(JsonNode body, MetadataRules metadataRules, int maxSensitiveFields) {
        return read(body, metadataRules, maxSensitiveFields, true);
    }

    static EndUserChanges forPatch(JsonNode body, MetadataRules metadataRules, int maxSensitiveFields) {
        return read(body, metadataRules, maxSensitiveFields, false);
    }

    String externalId() {
        return fields.get("external_id");
    }

    private static EndUserChanges read(
            JsonNode body, MetadataRules metadataRules, int maxSensitiveFields, boolean creating) {
        RequestObject request = RequestObject.of(body, BODY_FIELDS, READ_ONLY);
        Map<String, String> fields = new LinkedHashMap<>();
        readExternalId(request, fields);
        // Ada: profile is optional on create ("omitting profile creates a blank end user"), required on PATCH.
        RequestObject profile = creating
                ? request.optionalObject("profile", PROFILE_FIELDS)
                : request.requiredObject("profile", PROFILE_FIELDS);
        if (creating && request.get("profile") != null && request.get("profile").isNull()) {
            request.reject("profile", "must be an object (or left out)");
        }
        Metadata metadata = new Metadata(JsonNodeFactory.instance.objectNode(), List.of());
        boolean clearMetadata = false;
        SensitiveFields sensitive = SensitiveFields.NONE;
        if (profile != null) {
            ProfileFields.read(profile, fields);
            JsonNode metadataNode = profile.get("metadata");
            if (metadataNode != null && metadataNode.isNull()) {
                clearMetadata = !creating;
            } else if (metadataNode != null) {
                String path = profile.pathOf("metadata");
                if (creating) {
                    ObjectNode values = metadataRules.forCreate(metadataNode, path, request.errors());
                    metadata = values == null ? null : new Metadata(values, List.of());
                } else {
                    metadata = metadataRules.forPatch(metadataNode, path, request.errors());
                }
            }
            sensitive = SensitiveFields.read(profile, maxSensitiveFields);
            if (metadata != null) {
                for (String key : sensitive.values().keySet()) {
                    if (metadata.values().has(key)) {
                        profile.reject(
                                "sensitive_metadata",
                                "the key " + key + " is also in metadata: a key may be in only one of them");
                    }
                }
            }
        }
        request.done();
        return new EndUserChanges(fields, metadata, clearMetadata, sensitive);
    }

    private static void readExternalId(RequestObject request, Map<String, String> fields) {
        JsonNode node = request.get("external_id");
        if (node == null) {
            return;
        }
        if (node.isNull()) {
            fields.put("external_id", null);
            return;
        }
        String externalId = request.optionalString("external_id", Integer.MAX_VALUE);
        if (externalId == null) {
            return;
        }
        String problem = ExternalIds.problem(externalId);
        if (problem != null) {
            request.reject("external_id", problem);
        } else {
            fields.put("external_id", externalId);
        }
    }
}
