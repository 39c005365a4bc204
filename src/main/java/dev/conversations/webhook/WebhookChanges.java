package dev.conversations.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.event.EventType;
import dev.conversations.id.ResourceId;
import dev.conversations.json.RequestObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields of a webhook a request gives (POST: {@code url} required; PATCH: only those given change). A list sent
 * as null or empty means "all" (every event type, every channel); repeated items count once.
 */
record WebhookChanges(
        Set<String> given,
        String url,
        String description,
        List<String> eventFilters,
        List<String> channels,
        Boolean enabled) {
    static final Set<String> FIELDS = Set.of("url", "description", "event_filters", "channels", "enabled");
    static final Set<String> READ_ONLY = Set.of("id", "created_at", "updated_at", "disabled_reason");
    static final int MAX_DESCRIPTION_LENGTH = 2000;
    static final int MAX_CHANNELS = 100;

    static WebhookChanges forCreate(JsonNode body, WebhookUrls urls) {
        RequestObject request = RequestObject.of(body, FIELDS, READ_ONLY);
        WebhookChanges changes = read(request, urls, true);
        request.done();
        return changes;
    }

    static WebhookChanges forPatch(JsonNode body, WebhookUrls urls) {
        RequestObject request = RequestObject.of(body, FIELDS, READ_ONLY);
        WebhookChanges changes = read(request, urls, false);
        request.done();
        return changes;
    }

    private static WebhookChanges read(RequestObject request, WebhookUrls urls, boolean create) {
        Set<String> given = new LinkedHashSet<>();
        request.fields().forEach(field -> given.add(field.getKey()));
        String url = null;
        if (create || given.contains("url")) {
            url = request.requiredString("url", WebhookUrls.MAX_LENGTH);
            if (url != null) {
                String problem = urls.formProblem(url);
                if (problem != null) {
                    request.reject("url", problem);
                }
            }
        }
        String description = request.optionalString("description", MAX_DESCRIPTION_LENGTH);
        List<String> eventFilters = strings(
                request,
                "event_filters",
                EventType.values().length,
                name -> EventType.named(name).isPresent()
                        ? null
                        : "unknown event type (GET /api/v2/webhooks/event-types/ lists them)");
        List<String> channels =
                strings(request, "channels", MAX_CHANNELS, id -> ResourceId.isValid(id) ? null : "is not a channel id");
        Boolean enabled = null;
        JsonNode enabledNode = request.get("enabled");
        if (enabledNode != null) {
            if (enabledNode.isBoolean()) {
                enabled = enabledNode.booleanValue();
            } else {
                request.reject("enabled", "must be true or false");
            }
        }
        return new WebhookChanges(given, url, description, eventFilters, channels, enabled);
    }

    /** A list of distinct strings, each checked by {@code problem}; empty when absent or null. */
    private static List<String> strings(
            RequestObject request, String field, int maxItems, java.util.function.Function<String, String> problem) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            request.reject(field, "must be an array of strings");
            return List.of();
        }
        Set<String> items = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                request.rejectItem(field, i, "must be a string");
                continue;
            }
            String itemProblem = problem.apply(item.textValue());
            if (itemProblem != null) {
                request.rejectItem(field, i, itemProblem);
                continue;
            }
            items.add(item.textValue());
        }
        if (items.size() > maxItems) {
            request.reject(field, "at most " + maxItems + " items");
        }
        return new ArrayList<>(items);
    }
}
