package dev.conversations.observability;

import dev.conversations.id.ResourceId;
import io.quarkus.vertx.web.RouteFilter;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sane token, otherwise a new
 * time-ordered id like our resource ids (cheaper than a random UUID, which draws from SecureRandom). The
 * id is echoed in the response header and is in the log context ({@code %X{requestId}}) while the request runs.
 */
@ApplicationScoped
public class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** Runs before every other filter, so that even a refused request carries its id. */
    @RouteFilter(Integer.MAX_VALUE)
    void assign(RoutingContext context) {
        String presented = context.request().getHeader(HEADER);
        String id = presented != null && ACCEPTED.matcher(presented).matches() ? presented : ResourceId.next();
        MDC.put(MDC_KEY, id);
        context.response().putHeader(HEADER, id);
        context.next();
    }

    /** The id of the request being served, if any. */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id == null ? null : id.toString();
    }
}
