package dev.conversations.json;

import java.net.URI;
import java.net.URISyntaxException;

/** Links a client gives us to show (avatars): absolute http or https URLs with a host. */
public final class WebUrls {

    private WebUrls() {}

    public static boolean isWebUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
