package dev.conversations.attachment;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Ada's AttachmentUploadResponse. */
public record AttachmentUpload(
        String url, @JsonProperty("mime_type") String mimeType, String filename) {}
