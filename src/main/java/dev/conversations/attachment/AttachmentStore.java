package dev.conversations.attachment;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import java.nio.file.Path;

/**
 * Where attachment content lives (docs/decisions/011). Content is written and read in pieces, never whole in
 * memory. An attachment's row names the store that holds its content.
 */
public interface AttachmentStore {
    /** Pieces read or written at once. */
    int PIECE_BYTES = 1024 * 1024;

    /** The name stored in {@code attachments.storage}. */
    String name();

    /** Stores the content of {@code file} under the attachment id. */
    Uni<Void> put(String attachmentId, Path file, long size, String mimeType);

    /** Reads the content, one piece per call of {@link Reader#next()}. */
    Reader open(String attachmentId);

    /** Removes the content (an upload that was refused after it was stored); missing content is not an error. */
    Uni<Void> delete(String attachmentId);

    /** The pieces of one attachment's content, in order. */
    interface Reader {
        /** The next piece; null after the last one. */
        Uni<Buffer> next();

        /** Releases what the reader holds (a connection to the object store); called once, also on failure. */
        void close();
    }
}
