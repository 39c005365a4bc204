package dev.conversations.pagination;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code next_page_url} of a list. Never built from the request's Host header or the replica's own scheme,
 * which a client or a TLS-terminating gateway decide: relative ({@code /api/v2/...?cursor=...}) by default,
 * absolute when the public base URL is configured (README, Configuration).
 */
@ApplicationScoped
public class PageLinks {
    private final String baseUrl;

    public PageLinks(@ConfigProperty(name = "conversations.public-base-url") Optional<String> publicBaseUrl) {
        this.baseUrl = publicBaseUrl
                .map(String::trim)
                .filter(url -> !url.isEmpty())
                .map(url -> url.replaceAll("/+$", ""))
                .orElse("");
    }

    /** The URL of the page after {@code cursor}, keeping the list's other query parameters (null ones left out). */
    public String next(String path, Map<String, String> query, String cursor) {
        Map<String, String> parameters = new LinkedHashMap<>(query);
        parameters.put("cursor", cursor);
        StringBuilder url = new StringBuilder(baseUrl).append(path);
        char separator = '?';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (parameter.getValue() == null) {
                continue;
            }
            url.append(separator)
                    .append(parameter.getKey())
                    .append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return url.toString();
    }

    /**
     * The page of a list read with one row more than {@code size} (that row only says a next page exists), linked
     * to the next page by the cursor of its last item.
     */
    public <T> Page<T> page(
            List<T> found, int size, String path, Map<String, String> query, Function<T, String> cursorOf) {
        boolean more = found.size() > size;
        List<T> items = more ? found.subList(0, size) : found;
        String next = more ? next(path, query, cursorOf.apply(items.get(size - 1))) : null;
        return new Page<>(items, new PageMeta(next));
    }
}
