package dev.conversations.attachment;

import dev.conversations.error.ApiException;
import dev.conversations.idempotency.IdempotencyFilter;
import dev.conversations.tenant.CurrentTenant;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path("/api/v2/conversations/{conversationId}/attachments")
@Produces(MediaType.APPLICATION_JSON)
public class AttachmentResource {
    private final AttachmentService service;
    private final CurrentTenant tenant;

    public AttachmentResource(AttachmentService service, CurrentTenant tenant) {
        this.service = service;
        this.tenant = tenant;
    }

    /**
     * Ada's upload: multipart with a {@code file} part. The body was bounded and spooled to a temporary file
     * before this runs (RequestBodyLimits, Quarkus REST); blocking, because the type is sniffed from the file.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @ResponseStatus(201)
    @Blocking
    public Uni<AttachmentUpload> upload(
            @PathParam("conversationId") String conversationId,
            @RestForm("file") FileUpload file,
            @HeaderParam(IdempotencyFilter.HEADER) String idempotencyKey) {
        if (idempotencyKey != null) {
            // The content goes to the store outside any database transaction: no stored answer could commit with it.
            throw ApiException.badRequest(
                    "Idempotency-Key is not supported on uploads",
                    "header.Idempotency-Key: an upload's content is stored outside the database transaction");
        }
        return service.upload(tenant.id(), conversationId, file);
    }
}
