package dev.conversations.attachment;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "conversations.attachments")
public interface AttachmentSettings {

    /** Where new attachments are stored: postgres (no extra server) or s3 (S3-compatible object storage). */
    @WithDefault("postgres")
    String storage();

    /** Largest file (Ada: 50 MB). The request may be larger by the multipart framing only. */
    @WithDefault("50M")
    MemorySize maxSize();

    /** How long an attachment URL works (Ada: 7 days). */
    @WithDefault("7d")
    Duration urlValidity();

    /** Time a client has to send a whole upload (other bodies have conversations.http.body-timeout). */
    @WithDefault("120s")
    Duration uploadTimeout();

    /** Uploads one replica receives at once (each is spooled to a temporary file); beyond, 503. */
    @WithDefault("8")
    int maxConcurrentUploads();

    /** Attachments one replica serves at once (each holds a piece of up to 1 MiB); beyond, 503. */
    @WithDefault("64")
    int maxConcurrentDownloads();

    /** Uploads one tenant may send to one replica at once (a share of maxConcurrentUploads). */
    @WithDefault("4")
    int maxConcurrentUploadsPerTenant();

    S3 s3();

    interface S3 {
        /** e.g. http://minio:9000; unset: AWS' own endpoint for the region. */
        Optional<URI> endpoint();

        Optional<String> bucket();

        @WithDefault("us-east-1")
        String region();

        /** Unset: the AWS default credential chain (environment, instance profile...). */
        Optional<String> accessKeyId();

        /** A secret, with the access key id. */
        Optional<String> secretAccessKey();

        /** Path-style URLs (bucket in the path), as most S3-compatible servers want. */
        @WithDefault("true")
        boolean pathStyle();
    }
}
