package dev.conversations.channel;

import dev.conversations.error.ApiError;
import dev.conversations.error.ApiException;
import dev.conversations.id.ResourceId;
import dev.conversations.pagination.PageSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The validated query of a channel listing. {@code cursor} is the id of the last channel of the previous page;
 * pages are in id order, which is creation order and stable.
 */
record ChannelQuery(int limit, String cursor, String modality, boolean nativeOnly) {
    static final Set<String> MODALITIES = Set.of("messaging", "email", "voice");

    static ChannelQuery parse(String limit, String cursor, String modality, String type) {
        List<ApiError> errors = new ArrayList<>();
        int pageSize = PageSize.parse(limit, errors);
        if (cursor != null && !ResourceId.isValid(cursor)) {
            errors.add(invalid("cursor", "is not a cursor this API returned"));
        }
        if (modality != null && !MODALITIES.contains(modality)) {
            errors.add(invalid("modality", "must be one of messaging, email, voice"));
        }
        if (type != null && !type.equals("custom") && !type.equals("native")) {
            errors.add(invalid("type", "must be custom or native"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        return new ChannelQuery(pageSize, cursor, modality, "native".equals(type));
    }

    private static ApiError invalid(String parameter, String problem) {
        return PageSize.invalidParameter(parameter, problem);
    }
}
