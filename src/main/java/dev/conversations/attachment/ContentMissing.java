package dev.conversations.attachment;

/** An attachment whose row exists but whose content its store does not have (404, not a fault to retry). */
public class ContentMissing extends RuntimeException {
    public ContentMissing(String attachmentId) {
        super("No content for attachment " + attachmentId, null, false, false);
    }
}
