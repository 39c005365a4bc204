package dev.conversations.attachment;

/** The object store cannot serve right now (unreachable, refusing, timing out): 503 with Retry-After, not 500. */
public class StorageUnavailable extends RuntimeException {
    public StorageUnavailable(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
