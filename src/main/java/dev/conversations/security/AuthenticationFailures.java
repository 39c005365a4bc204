package dev.conversations.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.conversations.error.ErrorResponses;
import dev.conversations.error.ErrorType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Limits failed authentications (tenant API keys and the admin token) per client address, so that guessing keys
 * costs an attacker more than it costs us: over the limit an address is answered 429 before any key is checked.
 * Counted in this replica's memory, in a fixed one-minute window from the address' first failure; IPv6 addresses
 * are counted per /64, the block one host usually holds. The address is the TCP peer, or the one a trusted proxy
 * forwarded (quarkus.http.proxy.*, README, Operations).
 */
@ApplicationScoped
public class AuthenticationFailures {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int limit;
    private final Cache<String, Window> windows;
    private final Counter refused;

    public AuthenticationFailures(AuthenticationFailureConfig config, MeterRegistry registry) {
        this.limit = config.failuresPerMinute();
        this.windows = Caffeine.newBuilder()
                .expireAfterWrite(WINDOW)
                .maximumSize(100_000)
                .build();
        this.refused = Counter.builder("conversations.authentication.throttled")
                .description("Requests answered 429 because their address had too many failed authentications")
                .register(registry);
    }

    /** The 429 for a client over its limit, or null when it may try. */
    public Response refusal(HttpServerRequest request) {
        Window window = windows.getIfPresent(client(request));
        if (window == null || window.failures.get() < limit) {
            return null;
        }
        refused.increment();
        long retryAfter = Math.max(1, (window.endsAtMillis - System.currentTimeMillis() + 999) / 1000);
        return Response.fromResponse(ErrorResponses.of(
                        429,
                        ErrorType.RATE_LIMITED,
                        "Too many failed authentications from this address",
                        "limit: " + limit + " per minute, retry after " + retryAfter + " s"))
                .header("Retry-After", retryAfter)
                .build();
    }

    public void failed(HttpServerRequest request) {
        windows.get(client(request), address -> new Window(System.currentTimeMillis() + WINDOW.toMillis()))
                .failures
                .incrementAndGet();
    }

    static String client(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        String host = remote == null ? null : remote.hostAddress();
        if (host == null) {
            return "unknown";
        }
        if (host.indexOf(':') < 0) {
            return host;
        }
        try {
            // A literal address: no name lookup happens.
            byte[] address = InetAddress.getByName(host).getAddress();
            return address.length == 16 ? HexFormat.of().formatHex(address, 0, 8) + "::/64" : host;
        } catch (UnknownHostException e) {
            return host;
        }
    }

    private record Window(long endsAtMillis, AtomicInteger failures) {
        Window(long endsAtMillis) {
            this(endsAtMillis, new AtomicInteger());
        }
    }
}
