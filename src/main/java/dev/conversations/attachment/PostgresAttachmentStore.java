package dev.conversations.attachment;

import io.smallrye.mutiny.Uni;
import io.vertx.core.file.OpenOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.file.AsyncFile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Content in PostgreSQL ({@code attachment_chunks}, 1 MiB pieces): no server beyond the one the service needs, and
 * every replica reads what any replica wrote. The file is read and inserted one piece at a time, so a 50 MB upload
 * holds one piece in the heap; the pieces are written before the attachment's row (AttachmentService).
 */
@ApplicationScoped
public class PostgresAttachmentStore implements AttachmentStore {
    private static final String INSERT = "INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES ($1, $2, $3)";
    private static final String PIECE = "SELECT data FROM attachment_chunks WHERE attachment_id = $1 AND seq = $2";
    private static final String DELETE = "DELETE FROM attachment_chunks WHERE attachment_id = $1";

    private final Pool pool;
    private final Vertx vertx;

    public PostgresAttachmentStore(Pool pool, Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Uni<Void> put(String attachmentId, Path file, long size, String mimeType) {
        AtomicInteger seq = new AtomicInteger();
        return vertx.fileSystem()
                .open(file.toString(), new OpenOptions().setRead(true))
                .flatMap(opened -> writePieces(attachmentId, opened.setReadBufferSize(PIECE_BYTES), seq)
                        .eventually(opened::close));
    }

    private Uni<Void> writePieces(String attachmentId, AsyncFile file, AtomicInteger seq) {
        // concatMap: one INSERT at a time, the file read only as fast as PostgreSQL takes the pieces.
        return file.toMulti()
                .onItem()
                .transformToUniAndConcatenate(piece -> pool.preparedQuery(INSERT)
                        .execute(Tuple.of(attachmentId, seq.getAndIncrement(), piece.getDelegate())))
                .collect()
                .last()
                .replaceWithVoid();
    }

    @Override
    public Reader open(String attachmentId) {
        AtomicInteger seq = new AtomicInteger();
        return new Reader() {
            @Override
            public Uni<Buffer> next() {
                return pool.preparedQuery(PIECE)
                        .execute(Tuple.of(attachmentId, seq.getAndIncrement()))
                        .map(rows ->
                                rows.size() == 0 ? null : rows.iterator().next().getBuffer("data"));
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public Uni<Void> delete(String attachmentId) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(attachmentId)).replaceWithVoid();
    }
}
