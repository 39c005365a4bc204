package dev.conversations.enduser;

import java.util.Map;

/**
 * A PATCH ready for patch-end-user.sql: {@code fields} the external id and profile fields given (null clears one),
 * metadata and sensitive values as JSON objects as text (the sensitive ones encrypted), removals as arrays.
 */
record EndUserPatch(
        Map<String, String> fields,
        String[] metadataRemovals,
        String metadataValues,
        int metadataMaxBytes,
        boolean clearMetadata,
        String[] sensitiveRemovals,
        String sensitiveValues,
        int maxSensitiveFields,
        boolean clearSensitive,
        long sensitiveRetentionSeconds) {

    String[] fieldsGiven() {
        return fields.keySet().toArray(String[]::new);
    }
}
