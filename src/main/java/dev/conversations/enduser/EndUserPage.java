package dev.conversations.enduser;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Ada's EndUsers. Its {@code next_page_url} is a string, never null: it is left out on the last page.
 */
public record EndUserPage(List<EndUser> data, Meta meta) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Meta(@JsonProperty("next_page_url") String nextPageUrl) {}
}
