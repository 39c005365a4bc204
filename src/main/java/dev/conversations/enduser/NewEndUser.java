package dev.conversations.enduser;

import java.util.Map;

/**
 * An end user to create, ready for create-end-user.sql: {@code metadata} and {@code sensitiveValues} are JSON
 * objects as text, the sensitive values already encrypted.
 */
record NewEndUser(
        Map<String, String> fields,
        String metadata,
        String sensitiveValues,
        long attachWithinSeconds,
        long sensitiveRetentionSeconds) {}
