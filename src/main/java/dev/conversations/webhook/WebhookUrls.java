package dev.conversations.webhook;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * The receivers a webhook may point at: https URLs (http only when configured) whose host resolves only to
 * addresses WebhookAddresses permits. Checked when a URL is given and again before every attempt (DNS can
 * change); an attempt connects to the address checked, never to a second resolution.
 */
@ApplicationScoped
class WebhookUrls {
    static final int MAX_LENGTH = 2048;
    private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(2);

    private final boolean allowHttp;
    private final WebhookAddresses addresses;

    WebhookUrls(WebhookSettings settings) {
        this.allowHttp = settings.allowHttp();
        this.addresses = new WebhookAddresses(settings.allowedNetworks().orElse(List.of()));
    }

    /** The problem with a URL's form, or null when it may be a webhook's. */
    String formProblem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            return allowHttp ? "must be an http or https URL" : "must be an https URL";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "must name a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not hold credentials";
        }
        if (uri.getRawFragment() != null) {
            return "must not have a fragment";
        }
        return null;
    }

    /**
     * Null when the URL's host resolves only to permitted addresses (or does not resolve now: it is checked again
     * at delivery), otherwise the problem.
     */
    Uni<String> addressProblem(String url) {
        return resolve(URI.create(url)).map(resolved -> {
            if (resolved.isEmpty()) {
                return null;
            }
            return resolved.stream().allMatch(addresses::permits)
                    ? null
                    : "resolves to a loopback, private, link-local or metadata address, which webhooks may not reach";
        });
    }

    /** The address an attempt connects to; fails with Refused when the host resolves to a forbidden one. */
    Uni<InetAddress> target(URI uri) {
        return resolve(uri).map(resolved -> {
            if (resolved.isEmpty()) {
                throw new Refused("host not found");
            }
            if (!resolved.stream().allMatch(addresses::permits)) {
                throw new Refused("address not allowed");
            }
            return resolved.get(0);
        });
    }

    /**
     * Every address of the URI's host; empty when it does not resolve within {@link #RESOLVE_TIMEOUT}. Blocking
     * lookups run on a worker thread; a receiver's DNS that never answers costs the caller no more than the timeout.
     */
    private static Uni<List<InetAddress>> resolve(URI uri) {
        String host = uri.getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return Uni.createFrom()
                .item(() -> {
                    try {
                        return List.of(InetAddress.getAllByName(bare));
                    } catch (UnknownHostException e) {
                        return List.<InetAddress>of();
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem()
                .after(RESOLVE_TIMEOUT)
                .recoverWithItem(List.<InetAddress>of());
    }

    /** A receiver an attempt must not connect to. */
    static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }
}
