package dev.conversations.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver over real HTTP on 127.0.0.1: it verifies each delivery's signature with the Standard Webhooks
 * reference library (as a receiver would) against the secrets the test gives, answers with the status the test
 * sets (after an optional delay), and records what arrived. {@link #down()} closes its port (connection refused),
 * {@link #up()} opens the same port again.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One request received: its Standard Webhooks headers, body, and which of the secrets verified it. */
    public record Delivery(
            String id, String timestamp, String signature, String body, List<Boolean> verified, long receivedAtMillis) {
        public JsonNode json() {
            try {
                return Api.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }

        public String type() {
            return json().path("type").asText();
        }

        public boolean verifiedByAll() {
            return !verified.isEmpty() && verified.stream().allMatch(Boolean::booleanValue);
        }
    }

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(204);
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private volatile List<String> secrets = List.of();
    private volatile Duration delay = Duration.ZERO;
    private volatile HttpServer server;
    private final int port;

    public WebhookReceiver() throws IOException {
        server = start(0);
        port = server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/hooks?source=conversations";
    }

    public int port() {
        return port;
    }

    /** The secrets each delivery is verified with (each must verify it: e.g. the old and the new during a rotation). */
    public void verifyWith(String... secrets) {
        this.secrets = List.of(secrets);
    }

    public void answer(int status) {
        this.status.set(status);
    }

    public void delay(Duration delay) {
        this.delay = delay;
    }

    public void down() {
        server.stop(0);
    }

    public void up() throws IOException {
        server = start(port);
    }

    public List<Delivery> deliveries() {
        return new ArrayList<>(deliveries);
    }

    public List<Delivery> deliveries(String type) {
        return deliveries.stream()
                .filter(delivery -> delivery.type().equals(type))
                .toList();
    }

    private HttpServer start(int bindPort) throws IOException {
        HttpServer started = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), bindPort), 100);
        started.setExecutor(executor);
        started.createContext("/hooks", this::handle);
        started.start();
        return started;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values));
            List<Boolean> verified = new ArrayList<>();
            for (String secret : secrets) {
                verified.add(verifies(secret, body, headers));
            }
            deliveries.add(new Delivery(
                    first(headers, "webhook-id"),
                    first(headers, "webhook-timestamp"),
                    first(headers, "webhook-signature"),
                    body,
                    verified,
                    System.currentTimeMillis()));
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            exchange.sendResponseHeaders(status.get(), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean verifies(String secret, String body, Map<String, List<String>> headers) {
        try {
            new Webhook(secret).verify(body, headers);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
