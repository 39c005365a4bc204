package dev.conversations.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conversations.database.RequestSql;
import dev.conversations.error.ApiError;
import dev.conversations.error.ApiErrors;
import dev.conversations.error.ErrorResponses;
import dev.conversations.error.ErrorType;
import dev.conversations.error.ServiceUnavailable;
import dev.conversations.tenant.CurrentTenant;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Idempotency keys on every POST of the tenant API (Stripe's semantics, docs/decisions/013). The first request with
 * a key runs in a transaction of its own, under a lock on the key, and its response (status and body) is stored in
 * that transaction with its effect; a retry with the same request gets the stored response (header
 * {@code Idempotent-Replayed: true}), the same key with another request 422, a retry while the first still runs
 * 409. A 5xx is not stored: its effect is rolled back and a retry runs again. Keys of different tenants never meet.
 */
public class IdempotencyFilter {
    public static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    private static final Logger LOG = Logger.getLogger(IdempotencyFilter.class);
    private static final int MAX_KEY_LENGTH = 255;
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1," + MAX_KEY_LENGTH + "}");

    private final Pool pool;
    private final IdempotencyKeys keys;
    private final CurrentTenant tenant;
    private final RequestSql sql;
    private final IdempotentRequest pending;
    private final ObjectMapper mapper;

    public IdempotencyFilter(
            Pool pool,
            IdempotencyKeys keys,
            CurrentTenant tenant,
            RequestSql sql,
            IdempotentRequest pending,
            ObjectMapper mapper) {
        this.pool = pool;
        this.keys = keys;
        this.tenant = tenant;
        this.sql = sql;
        this.pending = pending;
        this.mapper = mapper;
    }

    @Idempotent
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 200, readBody = true)
    public Uni<Response> begin(ContainerRequestContext request, RoutingContext routing, ResourceInfo resource) {
        String key = request.getHeaderString(HEADER);
        if (key == null || !"POST".equals(request.getMethod()) || !tenant.isAuthenticated()) {
            return Uni.createFrom().nullItem();
        }
        if (!KEY.matcher(key).matches()) {
            return Uni.createFrom()
                    .item(refusal(
                            400,
                            ErrorType.INVALID_REQUEST,
                            "Invalid Idempotency-Key",
                            "header.Idempotency-Key: 1 to " + MAX_KEY_LENGTH + " printable ASCII characters"));
        }
        String path = request.getUriInfo().getPath();
        byte[] fingerprint = fingerprint(request, path, takesBody(resource));
        String tenantId = tenant.id();
        return pool.getConnection().chain(connection -> connection
                .begin()
                .chain(transaction -> {
                    pending.start(connection, transaction, tenantId, key, fingerprint, routing);
                    return keys.lock(connection, tenantId, key);
                })
                .chain(acquired -> acquired ? lookUp(connection, tenantId, key, fingerprint) : inUse())
                .onFailure()
                .call(failure -> pending.open() ? pending.rollback() : connection.close()));
    }

    private Uni<Response> lookUp(SqlConnection connection, String tenantId, String key, byte[] fingerprint) {
        return keys.find(connection, tenantId, key).chain(stored -> {
            if (stored.isEmpty()) {
                sql.bind(connection);
                return Uni.createFrom().nullItem();
            }
            Response answer = MessageDigest.isEqual(stored.get().fingerprint(), fingerprint)
                    ? replay(stored.get())
                    : refusal(
                            422,
                            ErrorType.IDEMPOTENCY_KEY_REUSED,
                            "This Idempotency-Key was used with a different request",
                            "header.Idempotency-Key: use a new key for a new request");
            return pending.rollback().map(done -> answer);
        });
    }

    private Uni<Response> inUse() {
        Response answer = Response.fromResponse(refusal(
                        409,
                        ErrorType.IDEMPOTENCY_KEY_IN_USE,
                        "A request with this Idempotency-Key is still running",
                        "header.Idempotency-Key: retry after it has finished"))
                .header("Retry-After", 1)
                .build();
        return pending.rollback().map(done -> answer);
    }

    @Idempotent
    @ServerResponseFilter
    public Uni<Void> finish(ContainerResponseContext response) {
        if (!pending.open()) {
            return Uni.createFrom().voidItem();
        }
        int status = response.getStatus();
        if (status >= 500) {
            return pending.rollback();
        }
        byte[] body;
        try {
            body = response.getEntity() == null ? new byte[0] : mapper.writeValueAsBytes(response.getEntity());
        } catch (JsonProcessingException e) {
            return pending.rollback();
        }
        return keys.store(pending.connection(), pending.tenantId(), pending.key(), pending.fingerprint(), status, body)
                .chain(stored -> stored
                        ? pending.commit()
                        : Uni.createFrom()
                                .failure(new IllegalStateException("A valid row of the key appeared under its lock")))
                .invoke(() -> {
                    if (body.length > 0) {
                        response.setEntity(body, null, MediaType.APPLICATION_JSON_TYPE);
                    }
                })
                .onFailure()
                .recoverWithUni(failure -> {
                    // Never the message: it may quote the stored body.
                    LOG.warnf(
                            "Storing the response of an idempotent request failed (%s); answered 503",
                            failure.getClass().getSimpleName());
                    return pending.rollback().onFailure().recoverWithNull().invoke(() -> {
                        Response unavailable = ServiceUnavailable.response(
                                "The request could not be completed; retry with the same Idempotency-Key");
                        response.setStatus(unavailable.getStatus());
                        response.setEntity(unavailable.getEntity(), null, MediaType.APPLICATION_JSON_TYPE);
                        response.getHeaders().putSingle("Retry-After", ServiceUnavailable.RETRY_AFTER_SECONDS);
                    });
                });
    }

    private static Response replay(IdempotencyKeys.Stored stored) {
        Response.ResponseBuilder answer = Response.status(stored.status()).header(REPLAYED, "true");
        if (stored.body().length > 0) {
            answer.entity(stored.body()).type(MediaType.APPLICATION_JSON_TYPE);
        }
        return answer.build();
    }

    private static Response refusal(int status, String type, String message, String details) {
        return ErrorResponses.of(status, new ApiErrors(List.of(new ApiError(type, message, details))));
    }

    /**
     * Whether the operation reads a JSON body (read before this filter runs); the body of one that does not is never
     * read, and means nothing to it.
     */
    private static boolean takesBody(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        return method != null && Arrays.asList(method.getParameterTypes()).contains(JsonNode.class);
    }

    /** SHA-256 of the method, the path and the body: what "the same request" means here. */
    private static byte[] fingerprint(ContainerRequestContext request, String path, boolean withBody) {
        try {
            byte[] body = new byte[0];
            if (withBody) {
                body = request.getEntityStream().readAllBytes();
                request.setEntityStream(new ByteArrayInputStream(body));
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((request.getMethod() + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            return digest.digest(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
