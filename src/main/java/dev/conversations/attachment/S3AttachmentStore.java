package dev.conversations.attachment;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Content in S3-compatible object storage (AWS SDK), one object per attachment named by its id. The SDK's client
 * blocks, so every call runs on a worker thread; the upload streams from the spooled file and the download reads
 * the object's stream one piece at a time.
 */
public class S3AttachmentStore implements AttachmentStore {
    private final S3Client s3;
    private final String bucket;

    S3AttachmentStore(AttachmentSettings.S3 settings) {
        this.bucket = settings.bucket()
                .orElseThrow(() -> new IllegalStateException(
                        "conversations.attachments.storage=s3 needs conversations.attachments.s3.bucket"));
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(settings.region()))
                // A plain signed body: the SDK's default over http (aws-chunked, with chunk signatures and trailing
                // checksums) is not understood by every S3-compatible server, which then stores the framing. The
                // file is read twice (signature, then body), never held in memory.
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(settings.pathStyle())
                        .chunkedEncodingEnabled(false)
                        .build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(builder::endpointOverride);
        if (settings.accessKeyId().isPresent() && settings.secretAccessKey().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    settings.accessKeyId().get(), settings.secretAccessKey().get())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        this.s3 = builder.build();
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public Uni<Void> put(String attachmentId, Path file, long size, String mimeType) {
        return blocking(() -> {
            s3.putObject(
                    request -> request.bucket(bucket)
                            .key(attachmentId)
                            .contentType(mimeType)
                            .contentLength(size),
                    RequestBody.fromFile(file));
            return null;
        });
    }

    @Override
    public Reader open(String attachmentId) {
        return new Reader() {
            private InputStream stream;
            private boolean closed;

            @Override
            public Uni<Buffer> next() {
                return blocking(() -> {
                    synchronized (this) {
                        if (closed) {
                            return null;
                        }
                        if (stream == null) {
                            stream = object(attachmentId);
                        }
                        byte[] piece = stream.readNBytes(PIECE_BYTES);
                        return piece.length == 0 ? null : Buffer.buffer(piece);
                    }
                });
            }

            @Override
            public void close() {
                // On the event loop, while a read may be running on a worker: the stream is closed by whichever
                // comes last, and never opened after this.
                blocking(() -> {
                            synchronized (this) {
                                closed = true;
                                if (stream != null) {
                                    try {
                                        stream.close();
                                    } catch (IOException e) {
                                        // The download is over either way; the SDK's connection is dropped with the
                                        // stream.
                                    }
                                }
                                return null;
                            }
                        })
                        .subscribe()
                        .with(done -> {}, failure -> {});
            }
        };
    }

    private InputStream object(String attachmentId) {
        try {
            return s3.getObject(request -> request.bucket(bucket).key(attachmentId));
        } catch (NoSuchKeyException e) {
            throw new ContentMissing(attachmentId);
        }
    }

    @Override
    public Uni<Void> delete(String attachmentId) {
        return blocking(() -> {
            s3.deleteObject(request -> request.bucket(bucket).key(attachmentId));
            return null;
        });
    }

    private static <T> Uni<T> blocking(BlockingCall<T> call) {
        return Uni.createFrom()
                .item(() -> {
                    try {
                        return call.run();
                    } catch (IOException | SdkException e) {
                        throw new StorageUnavailable("The object store failed: " + e.getMessage(), e);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private interface BlockingCall<T> {
        T run() throws IOException;
    }
}
