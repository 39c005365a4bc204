package dev.conversations.attachment;

import io.restassured.builder.ResponseBuilder;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** Multipart uploads with a Content-Length, sent with the JDK's client. */
public final class Uploads {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private Uploads() {}

    /** POSTs one part {@code part} holding the file; {@code key} null sends no Authorization. */
    static Response send(String key, String path, String part, String filename, byte[] content, String contentType) {
        return send(key, path, part, filename, content, contentType, java.util.Map.of());
    }

    /** Like the other, with more request headers. */
    public static Response send(
            String key,
            String path,
            String part,
            String filename,
            byte[] content,
            String contentType,
            java.util.Map<String, String> headers) {
        String boundary = "----upload" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\""
                        + filename + "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            ResponseBuilder answer = new ResponseBuilder()
                    .setStatusCode(response.statusCode())
                    .setBody(response.body())
                    .setContentType(
                            response.headers().firstValue("Content-Type").orElse(""));
            return answer.build();
        } catch (Exception e) {
            throw new AssertionError("Upload failed: " + e, e);
        }
    }
}
