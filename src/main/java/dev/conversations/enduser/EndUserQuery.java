package dev.conversations.enduser;

import dev.conversations.error.ApiError;
import dev.conversations.error.ApiException;
import dev.conversations.id.ResourceId;
import dev.conversations.pagination.PageSize;
import java.util.ArrayList;
import java.util.List;

/**
 * The validated query of an end-user listing: {@code cursor} is the id of the last end user of the previous page
 * (Ada: "the ID that marks the start"); pages are in id order, which is creation order and stable.
 */
record EndUserQuery(int limit, String cursor) {

    static EndUserQuery parse(String limit, String cursor) {
        List<ApiError> errors = new ArrayList<>();
        int pageSize = PageSize.parse(limit, errors);
        if (cursor != null && !ResourceId.isValid(cursor)) {
            errors.add(PageSize.invalidParameter("cursor", "is not a cursor this API returned"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        return new EndUserQuery(pageSize, cursor);
    }

    /** Ada: a lookup by external_id excludes pagination. */
    static void requireLookupAlone(String limit, String cursor) {
        if (limit != null || cursor != null) {
            throw ApiException.badRequest(List.of(PageSize.invalidParameter(
                    "external_id", "looks up one end user and cannot be combined with limit or cursor")));
        }
    }
}
