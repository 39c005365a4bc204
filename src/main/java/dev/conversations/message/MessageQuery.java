package dev.conversations.message;

import dev.conversations.error.ApiError;
import dev.conversations.error.ApiException;
import dev.conversations.pagination.PageSize;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** The validated query of a message list: page size and the number of the last message already seen. */
record MessageQuery(int limit, long after) {

    static MessageQuery parse(String limit, String cursor) {
        List<ApiError> errors = new ArrayList<>();
        int pageSize = PageSize.parse(limit, errors);
        long after = 0;
        if (cursor != null) {
            OptionalLong seq = MessageCursor.parse(cursor);
            if (seq.isEmpty()) {
                errors.add(PageSize.invalidParameter("cursor", "is not a cursor this API returned"));
            } else {
                after = seq.getAsLong();
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        return new MessageQuery(pageSize, after);
    }
}
