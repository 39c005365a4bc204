package dev.conversations.pagination;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Ada's pagination metadata: the URL of the next page, null on the last one. */
public record PageMeta(@JsonProperty("next_page_url") String nextPageUrl) {}
