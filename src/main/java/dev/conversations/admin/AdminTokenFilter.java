package dev.conversations.admin;

import dev.conversations.error.ErrorResponses;
import dev.conversations.error.ErrorType;
import dev.conversations.security.AuthenticationFailures;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards the operator API ({@code /admin/...}) with the admin token. Without a configured token the operator
 * API does not exist: it answers 404.
 */
public class AdminTokenFilter {
    private static final String SCHEME = "Bearer ";

    private final AdminToken adminToken;
    private final AuthenticationFailures failures;

    public AdminTokenFilter(AdminToken adminToken, AuthenticationFailures failures) {
        this.adminToken = adminToken;
        this.failures = failures;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Response authenticate(ContainerRequestContext request, HttpServerRequest http) {
        if (!request.getUriInfo().getPath().startsWith("/admin/")) {
            return null;
        }
        if (!adminToken.enabled()) {
            return ErrorResponses.of(404, ErrorType.NOT_FOUND, "Resource not found", null);
        }
        Response throttled = failures.refusal(http);
        if (throttled != null) {
            return throttled;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean bearer = header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
        if (!bearer || !adminToken.matches(header.substring(SCHEME.length()).trim())) {
            failures.failed(http);
            return Response.fromResponse(
                            ErrorResponses.of(401, ErrorType.UNAUTHORIZED, "Invalid or missing admin token", null))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .build();
        }
        return null;
    }
}
