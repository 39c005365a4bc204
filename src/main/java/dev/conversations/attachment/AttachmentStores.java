package dev.conversations.attachment;

import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.Optional;

/** The store new attachments go to (conversations.attachments.storage), and the store named by an attachment. */
@Startup // a wrong storage setting fails the start, not the first upload
@Singleton
public class AttachmentStores {
    private final AttachmentStore current;
    private final PostgresAttachmentStore postgres;
    private final Optional<S3AttachmentStore> s3;

    public AttachmentStores(AttachmentSettings settings, PostgresAttachmentStore postgres) {
        this.postgres = postgres;
        this.s3 = settings.s3().bucket().isPresent()
                ? Optional.of(new S3AttachmentStore(settings.s3()))
                : Optional.empty();
        this.current = switch (settings.storage()) {
            case "postgres" -> postgres;
            case "s3" ->
                s3.orElseThrow(() -> new IllegalStateException(
                        "conversations.attachments.storage=s3 needs conversations.attachments.s3.bucket"));
            default ->
                throw new IllegalStateException(
                        "conversations.attachments.storage must be postgres or s3, not " + settings.storage());
        };
    }

    AttachmentStore current() {
        return current;
    }

    /** The store holding an attachment written with {@code storage}; empty when this replica has none such. */
    Optional<AttachmentStore> named(String storage) {
        return switch (storage) {
            case "postgres" -> Optional.of(postgres);
            case "s3" -> s3.map(store -> store);
            default -> Optional.empty();
        };
    }
}
