package dev.conversations.ratelimit;

import dev.conversations.error.ErrorResponses;
import dev.conversations.error.ErrorType;
import dev.conversations.error.ServiceUnavailable;
import dev.conversations.tenant.CurrentTenant;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Applies the tenant's limits to every authenticated request of the tenant API and describes them in headers. */
public class RateLimitFilter {
    private static final String DECISION = RateLimitDecision.class.getName();

    private final RateLimiter limiter;
    private final CurrentTenant tenant;

    public RateLimitFilter(RateLimiter limiter, CurrentTenant tenant) {
        this.limiter = limiter;
        this.tenant = tenant;
    }

    /** Runs after authentication, so the tenant is known. */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 100)
    public Uni<Response> limit(ContainerRequestContext request) {
        if (!limiter.enabled() || !tenant.isAuthenticated()) {
            return Uni.createFrom().nullItem();
        }
        return limiter.check(tenant.id())
                .map(found -> {
                    if (found.isEmpty()) {
                        return null;
                    }
                    RateLimitDecision decision = found.get();
                    request.setProperty(DECISION, decision);
                    if (decision.allowed()) {
                        return null;
                    }
                    Response refused = ErrorResponses.of(
                            429,
                            ErrorType.RATE_LIMITED,
                            "Too many requests",
                            "limit: " + decision.limit() + " requests, retry after " + decision.resetSeconds() + " s");
                    decision.addHeaders(refused.getHeaders());
                    return refused;
                })
                .onFailure(RateLimitStoreUnavailable.class)
                .recoverWithItem(() -> ServiceUnavailable.response("Rate limits cannot be checked at the moment"));
    }

    @ServerResponseFilter
    public void describe(ContainerRequestContext request, ContainerResponseContext response) {
        Object decision = request.getProperty(DECISION);
        if (decision instanceof RateLimitDecision known && known.allowed()) {
            known.addHeaders(response.getHeaders());
        }
    }
}
