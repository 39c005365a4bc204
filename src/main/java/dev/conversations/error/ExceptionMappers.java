package dev.conversations.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.conversations.attachment.StorageUnavailable;
import dev.conversations.database.DatabaseFailures;
import dev.conversations.database.DatabaseOutages;
import dev.conversations.observability.RequestIds;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into Ada's error envelope. Messages are ours: no class names, stack traces or SQL
 * reach a client.
 */
public class ExceptionMappers {
    private static final Logger LOG = Logger.getLogger(ExceptionMappers.class);

    private final DatabaseOutages databaseOutages;

    public ExceptionMappers(DatabaseOutages databaseOutages) {
        this.databaseOutages = databaseOutages;
    }

    @ServerExceptionMapper
    public Response refused(ApiException e) {
        return ErrorResponses.of(e);
    }

    @ServerExceptionMapper(priority = 1)
    public Response malformedJson(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return ErrorResponses.of(
                    400,
                    ErrorType.INVALID_REQUEST,
                    "The JSON body exceeds a parser limit",
                    ParserLimitMessages.describe(e.getOriginalMessage()));
        }
        String details = null;
        if (e.getLocation() != null) {
            details = "line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
        }
        String message = e instanceof JsonParseException && ParserLimitMessages.isPlain(e.getOriginalMessage())
                ? "Malformed JSON: " + ParserLimitMessages.kind(e.getOriginalMessage())
                : "The request body is not valid JSON for this operation";
        return ErrorResponses.of(400, ErrorType.INVALID_REQUEST, message, details);
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return malformedJson(json);
            }
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        return switch (status) {
            case 404 -> ErrorResponses.of(404, ErrorType.NOT_FOUND, "Resource not found", null);
            case 405 -> methodNotAllowed(e);
            case 406 ->
                ErrorResponses.of(406, ErrorType.NOT_ACCEPTABLE, "This resource only produces application/json", null);
            case 413 ->
                ErrorResponses.of(413, ErrorType.PAYLOAD_TOO_LARGE, "The request body is larger than the limit", null);
            case 415 ->
                ErrorResponses.of(
                        415, ErrorType.UNSUPPORTED_MEDIA_TYPE, "The request body must be application/json", null);
            case 401 -> ErrorResponses.of(401, ErrorType.UNAUTHORIZED, "Authentication required", null);
            default -> ErrorResponses.of(status, ErrorType.INVALID_REQUEST, "The request is invalid", null);
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (e instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        if (e instanceof IOException && "Request too large".equals(e.getMessage())) {
            // A chunked body passed the size limit while being read; Vert.x has already answered 413.
            return ErrorResponses.of(
                    413, ErrorType.PAYLOAD_TOO_LARGE, "The request body is larger than the limit", null);
        }
        if (e instanceof StorageUnavailable) {
            LOG.warnf("%s", e.getMessage());
            return ServiceUnavailable.response("The attachment store is unavailable at the moment");
        }
        if (DatabaseFailures.isUnavailable(e)) {
            // Not our fault and not the client's: counted and logged once in a while, never a stack trace each.
            databaseOutages.record(e);
            return ServiceUnavailable.response("The database is unavailable at the moment");
        }
        // The request id is in the log line's context too, so the reference leads to the stack trace.
        String reference = Optional.ofNullable(RequestIds.current())
                .orElseGet(() -> UUID.randomUUID().toString());
        LOG.errorf(e, "Unexpected failure, reference %s", reference);
        return ErrorResponses.of(
                500, ErrorType.INTERNAL_ERROR, "An unexpected error occurred", "reference " + reference);
    }

    private static Response methodNotAllowed(WebApplicationException e) {
        Response response = ErrorResponses.of(
                405, ErrorType.METHOD_NOT_ALLOWED, "This method is not allowed on this resource", null);
        if (e instanceof NotAllowedException && e.getResponse().getAllowedMethods() != null) {
            Response.ResponseBuilder builder = Response.fromResponse(response);
            builder.allow(e.getResponse().getAllowedMethods());
            return builder.build();
        }
        return response;
    }
}
