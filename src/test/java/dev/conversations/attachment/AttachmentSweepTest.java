package dev.conversations.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conversations.support.Api;
import dev.conversations.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Content whose upload was never recorded is deleted once it is an hour old; nothing else is touched. */
@QuarkusTest
class AttachmentSweepTest {
    private static final String PIECES = "SELECT count(*) FROM attachment_chunks WHERE attachment_id = ?";

    @Inject
    AttachmentSweep sweep;

    @Test
    void orphanContentOlderThanAnHourIsDeletedAndUploadsInProgressAreKept() throws Exception {
        String orphan = idCreatedAgo(Duration.ofHours(2), "a1");
        String inProgress = idCreatedAgo(Duration.ofMinutes(5), "a2");
        String tooOld = idCreatedAgo(Duration.ofHours(30), "a3");
        String recorded = idCreatedAgo(Duration.ofHours(2), "a4");
        Api.Tenant tenant = Api.newTenant();
        String conversation = Api.newConversation(tenant, "{}");
        try (TestDatabase database = TestDatabase.connect()) {
            database.update(
                    "INSERT INTO attachments (tenant_id, id, conversation_id, filename, mime_type, size_bytes, storage)"
                            + " VALUES (?, ?, ?, 'a.txt', 'text/plain', 2, 'postgres')",
                    tenant.id(),
                    recorded,
                    conversation);
            for (String id : new String[] {orphan, inProgress, tooOld, recorded}) {
                database.update(
                        "INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES (?, 0, 'x'), (?, 1, 'y')",
                        id,
                        id);
            }
            sweep.sweep().await().atMost(Duration.ofSeconds(10));
            assertEquals("0", database.queryText(PIECES, orphan), "the orphan's pieces are deleted");
            assertEquals("2", database.queryText(PIECES, inProgress), "an upload in progress keeps its pieces");
            assertEquals("2", database.queryText(PIECES, recorded), "a recorded attachment keeps its pieces");
            // Older than the sweep's window (it would have been swept a day long): left as it is.
            assertEquals("2", database.queryText(PIECES, tooOld));
            database.update("DELETE FROM attachment_chunks WHERE attachment_id IN (?, ?)", inProgress, tooOld);
        }
    }

    /** An id as ResourceId makes it, created {@code ago}: the creation second in hex, then the rest. */
    private static String idCreatedAgo(Duration ago, String tag) {
        long seconds = Instant.now().minus(ago).getEpochSecond();
        return String.format("%08x", seconds) + "ffffffffffffff" + tag;
    }
}
