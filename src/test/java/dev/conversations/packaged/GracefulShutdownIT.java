package dev.conversations.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar on its embedded PostgreSQL, stopped with SIGTERM: during SHUTDOWN_DELAY the API keeps answering
 * (readiness says DOWN, so a gateway stops sending), which needs the embedded database to outlive the HTTP server.
 */
class GracefulShutdownIT {
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f]{24})\"");
    private static final Pattern KEY = Pattern.compile("\"key\":\"([^\"]+)\"");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void requestsDuringTheShutdownDelayAreStillServed() throws Exception {
        assertTrue(Files.exists(JAR), "the packaged jar is built before integration tests: " + JAR);
        int port = freePort();
        Path dataDirectory = Files.createTempDirectory("graceful-shutdown-pg-");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target/graceful-shutdown-it.log").toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("QUARKUS_DATASOURCE_"));
        environment.put("PORT", Integer.toString(port));
        environment.put("ADMIN_TOKEN", "graceful-shutdown-token");
        environment.put("SHUTDOWN_DELAY", "3s");
        environment.put("CONVERSATIONS_RATE_LIMIT_ENABLED", "false");
        environment.put("CONVERSATIONS_DATABASE_EMBEDDED_DATA_DIR", dataDirectory.toString());
        Process service = builder.start();
        try {
            String base = "http://127.0.0.1:" + port;
            awaitReady(base, service);
            String tenant =
                    field(ID, send(base, "POST", "/admin/tenants", "graceful-shutdown-token", "{\"name\":\"t\"}"));
            String key = field(
                    KEY,
                    send(
                            base,
                            "POST",
                            "/admin/tenants/" + tenant + "/api-keys",
                            "graceful-shutdown-token",
                            "{\"name\":\"k\"}"));
            String channel = field(
                    ID,
                    send(
                            base,
                            "POST",
                            "/api/v2/channels/",
                            key,
                            "{\"name\":\"c\",\"description\":\"d\",\"modality\":\"messaging\"}"));
            String conversation = field(
                    ID, send(base, "POST", "/api/v2/conversations/", key, "{\"channel_id\":\"" + channel + "\"}"));

            service.destroy(); // SIGTERM
            List<Integer> statuses = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofMillis(2000).toNanos();
            int i = 0;
            while (System.nanoTime() < end) {
                statuses.add(status(
                        base,
                        "PATCH",
                        "/api/v2/conversations/" + conversation + "/",
                        key,
                        "{\"metadata\":{\"n\":" + i++ + "}}"));
            }

            assertTrue(statuses.size() > 5, "requests sent during the delay: " + statuses.size());
            assertEquals(List.of(200), statuses.stream().distinct().toList(), "answers during the delay");
            assertTrue(service.waitFor(30, TimeUnit.SECONDS), "the service stops after the delay");
        } finally {
            service.destroyForcibly();
            service.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitReady(String base, Process service) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(service.isAlive(), "the service exited; see target/graceful-shutdown-it.log");
            try {
                if (HTTP.send(
                                        HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready within 60 s; see target/graceful-shutdown-it.log");
    }

    private static String send(String base, String method, String path, String token, String body) throws Exception {
        HttpResponse<String> response =
                HTTP.send(request(base, method, path, token, body), HttpResponse.BodyHandlers.ofString());
        assertTrue(
                response.statusCode() / 100 == 2,
                method + " " + path + ": " + response.statusCode() + " " + response.body());
        return response.body();
    }

    private static int status(String base, String method, String path, String token, String body) {
        try {
            return HTTP.send(request(base, method, path, token, body), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1; // no answer at all
        }
    }

    private static HttpRequest request(String base, String method, String path, String token, String body) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static String field(Pattern pattern, String json) {
        Matcher matcher = pattern.matcher(json);
        assertTrue(matcher.find(), json);
        return matcher.group(1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
