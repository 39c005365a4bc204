package dev.conversations.admin;

import dev.conversations.error.ErrorResponses;
import dev.conversations.error.ErrorType;
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

    public AdminTokenFilter(AdminToken adminToken) {
        this.adminToken = adminToken;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Response authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/admin/")) {
            return null;
        }
        if (!adminToken.enabled()) {
            return ErrorResponses.of(404, ErrorType.NOT_FOUND, "Resource not found", null);
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean bearer = header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
        if (!bearer || !adminToken.matches(header.substring(SCHEME.length()).trim())) {
            return Response.fromResponse(
                            ErrorResponses.of(401, ErrorType.UNAUTHORIZED, "Invalid or missing admin token", null))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .build();
        }
        return null;
    }
}
