package dev.conversations.attachment;

import dev.conversations.error.ApiError;
import dev.conversations.error.ApiException;
import dev.conversations.error.ErrorType;
import dev.conversations.id.ResourceId;
import dev.conversations.json.TextRules;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@ApplicationScoped
public class AttachmentService {
    private static final int MAX_FILENAME = 255;

    private final AttachmentRepository attachments;
    private final AttachmentStores stores;
    private final AttachmentUrls urls;
    private final long maxBytes;

    public AttachmentService(
            AttachmentRepository attachments,
            AttachmentStores stores,
            AttachmentUrls urls,
            AttachmentSettings settings) {
        this.attachments = attachments;
        this.stores = stores;
        this.urls = urls;
        this.maxBytes = settings.maxSize().asLongValue();
    }

    /**
     * Stores an uploaded file (already spooled to a temporary file by Quarkus REST) for a conversation in handoff.
     * Called on a worker thread: sniffing the type reads the file.
     */
    Uni<AttachmentUpload> upload(String tenantId, String conversationId, FileUpload file) {
        if (file == null) {
            throw ApiException.badRequest("Invalid request body", "file: a multipart part named file is required");
        }
        long size = size(file);
        if (size > maxBytes) {
            throw new ApiException(
                    413,
                    List.of(new ApiError(
                            ErrorType.PAYLOAD_TOO_LARGE,
                            "The file is larger than the limit",
                            "limit: " + maxBytes + " bytes")));
        }
        String filename = filename(file.fileName());
        String mimeType = type(file, filename);
        if (!ResourceId.isValid(conversationId)) {
            throw conversationNotFound();
        }
        Attachment attachment = new Attachment(
                ResourceId.next(),
                tenantId,
                conversationId,
                filename,
                mimeType,
                size,
                stores.current().name());
        // Checked before the content is stored (no work for a refused upload), and again with the row.
        return attachments.handoff(tenantId, conversationId).flatMap(handoff -> {
            if (handoff.isEmpty()) {
                throw conversationNotFound();
            }
            if (!handoff.get()) {
                throw notInHandoff();
            }
            return store(attachment, file);
        });
    }

    private Uni<AttachmentUpload> store(Attachment attachment, FileUpload file) {
        AttachmentStore store = stores.current();
        return store.put(attachment.id(), file.uploadedFile(), attachment.sizeBytes(), attachment.mimeType())
                .flatMap(stored -> attachments.insert(attachment))
                // A store or insert that failed half-way leaves no content behind (best effort: the store may be
                // what failed).
                .onFailure()
                .call(failure -> store.delete(attachment.id()).onFailure().recoverWithNull())
                .flatMap(recorded -> {
                    if (recorded) {
                        return Uni.createFrom()
                                .item(new AttachmentUpload(
                                        urls.of(attachment.id(), attachment.filename()),
                                        attachment.mimeType(),
                                        attachment.filename()));
                    }
                    // The handoff ended (or the conversation went) while the file was stored.
                    return store.delete(attachment.id()).map(deleted -> {
                        throw notInHandoff();
                    });
                });
    }

    /**
     * The attachment a file message names: one of our valid URLs, of an attachment of this conversation; with it,
     * the URL as we issue it (stored instead of the client's text, whose scheme, host or extra parameters we never
     * echo).
     */
    public Uni<Optional<Named>> ofConversation(String tenantId, String conversationId, String url) {
        Optional<AttachmentUrls.SignedUrl> signed = urls.parse(url);
        if (signed.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return attachments.find(signed.get().attachmentId()).map(found -> found.filter(
                        attachment -> attachment.tenantId().equals(tenantId)
                                && attachment.conversationId().equals(conversationId))
                .map(attachment -> new Named(attachment, urls.canonical(signed.get(), attachment.filename()))));
    }

    /** An attachment named by a file message, and its URL as we issue it. */
    public record Named(Attachment attachment, String url) {}

    private static long size(FileUpload file) {
        try {
            return Files.size(file.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String type(FileUpload file, String filename) {
        String type;
        try {
            type = FileTypes.allowedType(file.uploadedFile(), filename);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (type == null) {
            throw ApiException.badRequest(
                    "File type not allowed",
                    "file: the content is not one of the allowed types (text, CSV, e-mail, images, audio, video, ZIP,"
                            + " PDF, Office and iWork documents)");
        }
        return type;
    }

    /** The client's file name without any path, control characters or invalid Unicode, at most 255 characters. */
    static String filename(String given) {
        String name =
                given == null ? "" : given.substring(Math.max(given.lastIndexOf('/'), given.lastIndexOf('\\')) + 1);
        StringBuilder clean = new StringBuilder();
        name.codePoints()
                .filter(c -> !Character.isISOControl(c) && (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE))
                .limit(MAX_FILENAME)
                .forEach(clean::appendCodePoint);
        String result = clean.toString().strip();
        if (result.isEmpty() || result.equals(".") || result.equals("..") || TextRules.problem(result) != null) {
            return "attachment";
        }
        return result;
    }

    private static ApiException conversationNotFound() {
        return ApiException.notFound("Conversation not found");
    }

    private static ApiException notInHandoff() {
        return new ApiException(
                400,
                List.of(new ApiError(
                        ErrorType.NOT_IN_HANDOFF,
                        "Attachments can only be uploaded while the conversation is in handoff",
                        "a human agent must have joined (a human_agent message) and end-handoff not been called")));
    }
}
