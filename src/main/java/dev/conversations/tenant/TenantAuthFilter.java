package dev.conversations.tenant;

import dev.conversations.error.ErrorResponses;
import dev.conversations.error.ErrorType;
import dev.conversations.security.AuthenticationFailures;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Authenticates every request of the tenant API ({@code /api/...}) by its Bearer API key. */
public class TenantAuthFilter {
    private static final String SCHEME = "Bearer ";

    private final ApiKeyAuthenticator authenticator;
    private final CurrentTenant currentTenant;
    private final AuthenticationFailures failures;

    public TenantAuthFilter(
            ApiKeyAuthenticator authenticator, CurrentTenant currentTenant, AuthenticationFailures failures) {
        this.authenticator = authenticator;
        this.currentTenant = currentTenant;
        this.failures = failures;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext request, HttpServerRequest http) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        Response throttled = failures.refusal(http);
        if (throttled != null) {
            return Uni.createFrom().item(throttled);
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return Uni.createFrom().item(unauthorized(http, "Missing Authorization header"));
        }
        if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Uni.createFrom().item(unauthorized(http, "The Authorization header must use the Bearer scheme"));
        }
        String token = header.substring(SCHEME.length()).trim();
        return authenticator.authenticate(token).map(tenant -> {
            if (tenant.isEmpty()) {
                return unauthorized(http, "Invalid or revoked API key");
            }
            currentTenant.authenticate(tenant.get());
            return null;
        });
    }

    private Response unauthorized(HttpServerRequest http, String message) {
        failures.failed(http);
        return Response.fromResponse(ErrorResponses.of(401, ErrorType.UNAUTHORIZED, message, null))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }
}
