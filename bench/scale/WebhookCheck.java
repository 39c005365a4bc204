import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhooks phase of bench/scale/run: 10 s of messages posted through the gateway to both replicas, replica a
 * SIGKILLed at 3 s (attempts in flight) and restarted at 6 s, while a local receiver verifies every signature and a
 * live-stream client reads the conversation through the gateway, resuming with Last-Event-ID whenever its
 * connection drops. Every acknowledged message must reach the receiver (duplicates are allowed only with the same
 * webhook-id) and the stream exactly once, in order. Prints the delivery and stream latencies (event committed ->
 * received). Run: java bench/scale/WebhookCheck.java GATEWAY KEY CHANNEL "kill command" "restart command".
 */
public class WebhookCheck {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private static final Pattern MESSAGE_ID = Pattern.compile("\"message_id\" ?: ?\"([0-9a-f]{24})\"");
    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\" ?: ?\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f]{24})\"");

    private static String gateway;
    private static String key;

    public static void main(String[] args) throws Exception {
        gateway = args[0];
        key = args[1];
        String channel = args[2];
        Map<String, Integer> deliveriesById = new ConcurrentHashMap<>();
        Map<String, String> messageOfEvent = new ConcurrentHashMap<>();
        List<Long> deliveryLatencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger badSignatures = new AtomicInteger();
        byte[][] secret = new byte[1][];

        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        receiver.setExecutor(Executors.newFixedThreadPool(32));
        receiver.createContext("/hooks", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                long now = System.currentTimeMillis();
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
                String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
                if (!verifies(secret[0], id, timestamp, body, signature)) {
                    badSignatures.incrementAndGet();
                }
                deliveriesById.merge(id, 1, Integer::sum);
                messageOfEvent.put(id, first(MESSAGE_ID, body));
                deliveryLatencies.add(now - millis(first(TIMESTAMP, body)));
                Thread.sleep(20); // some attempts are in flight when a replica dies
                exchange.sendResponseHeaders(204, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";

        String conversation = first(ID, call("POST", "/api/v2/conversations/", "{\"channel_id\":\"" + channel + "\"}", 201));
        String webhook = first(ID, call("POST", "/api/v2/webhooks/",
                "{\"url\":\"" + url + "\",\"event_filters\":[\"v1.conversation.message\"]}", 201));
        String whsec = call("GET", "/api/v2/webhooks/" + webhook + "/secret/", null, 200).replaceAll(".*\"key\":\"([^\"]+)\".*", "$1");
        secret[0] = Base64.getDecoder().decode(whsec.substring("whsec_".length()));

        StreamReader stream = new StreamReader(conversation);
        Thread streamThread = new Thread(stream);
        streamThread.start();
        Thread.sleep(500);

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger uncertain = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(10).toNanos();
        Thread[] workers = new Thread[8];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        HttpResponse<String> response = HTTP.send(request("POST", "/api/v2/conversations/" + conversation
                                + "/messages/", "{\"author\":{\"role\":\"ai_agent\",\"display_name\":\"Bot\"},"
                                + "\"content\":{\"type\":\"text\",\"body\":\"hello\"}}"), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 201) {
                            acknowledged.add(first(ID, response.body()));
                        } else {
                            refused.incrementAndGet();
                        }
                    } catch (Exception e) {
                        uncertain.incrementAndGet();
                    }
                    pause(10);
                }
            });
            workers[w].start();
        }
        pause(3000);
        run(args[3]);
        pause(3000);
        run(args[4]);
        for (Thread worker : workers) {
            worker.join();
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline
                && (!messageOfEvent.values().containsAll(acknowledged) || !stream.seenAll(acknowledged))) {
            pause(100);
        }
        pause(1000);
        stream.stop.set(true);
        streamThread.interrupt();
        receiver.stop(0);

        Set<String> delivered = Set.copyOf(messageOfEvent.values());
        long lost = acknowledged.stream().filter(m -> !delivered.contains(m)).count();
        long duplicates = deliveriesById.values().stream().mapToInt(n -> n - 1).sum();
        List<String> streamed = stream.messages();
        long streamLost = acknowledged.stream().filter(m -> !streamed.contains(m)).count();
        long streamDuplicates = streamed.size() - Set.copyOf(streamed).size();
        List<String> order = messageOrder(conversation);
        boolean inOrder = order.stream().filter(Set.copyOf(streamed)::contains).toList().equals(streamed);
        boolean ok = lost == 0 && badSignatures.get() == 0 && streamLost == 0 && streamDuplicates == 0 && inOrder
                && acknowledged.size() > 100;
        System.out.printf(
                "| webhooks | %s | %d messages acknowledged (%d refused, %d without answer) through the gateway, replica a"
                        + " killed at 3 s and restarted at 6 s: %d lost, %d delivered twice (same webhook-id), %d bad"
                        + " signatures, delivery latency p50 %d ms / p99 %d ms; live stream through the gateway (%d"
                        + " reconnects with Last-Event-ID): %d lost, %d duplicates, in order: %s, latency p50 %d ms / p99 %d ms |%n",
                ok ? "pass" : "FAIL", acknowledged.size(), refused.get(), uncertain.get(), lost, duplicates,
                badSignatures.get(), percentile(deliveryLatencies, 50), percentile(deliveryLatencies, 99),
                stream.reconnects.get(), streamLost, streamDuplicates, inOrder,
                percentile(stream.latencies, 50), percentile(stream.latencies, 99));
        System.exit(ok ? 0 : 1);
    }

    /** A live-stream client that reconnects with Last-Event-ID whenever its connection ends. */
    static final class StreamReader implements Runnable {
        final String conversation;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger reconnects = new AtomicInteger(-1);
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());
        final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        volatile String lastEventId;

        StreamReader(String conversation) {
            this.conversation = conversation;
        }

        public void run() {
            while (!stop.get()) {
                reconnects.incrementAndGet();
                try {
                    HttpRequest.Builder request = HttpRequest.newBuilder(
                                    URI.create(gateway + "/api/v2/conversations/" + conversation + "/events"))
                            .header("Authorization", "Bearer " + key)
                            .header("Accept", "text/event-stream");
                    if (lastEventId != null) {
                        request.header("Last-Event-ID", lastEventId);
                    }
                    HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                    if (response.statusCode() != 200) {
                        pause(200);
                        continue;
                    }
                    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                        String id = null;
                        String line;
                        while (!stop.get() && (line = lines.readLine()) != null) {
                            if (line.startsWith("id:")) {
                                id = line.substring(3).trim();
                            } else if (line.startsWith("data:")) {
                                String data = line.substring(5);
                                seen.add(first(MESSAGE_ID, data));
                                latencies.add(System.currentTimeMillis() - millis(first(TIMESTAMP, data)));
                                lastEventId = id;
                            }
                        }
                    }
                } catch (Exception e) {
                    pause(200);
                }
            }
        }

        boolean seenAll(Set<String> messages) {
            return Set.copyOf(messages()).containsAll(messages);
        }

        List<String> messages() {
            synchronized (seen) {
                return new ArrayList<>(seen);
            }
        }
    }

    static boolean verifies(byte[] secret, String id, String timestamp, String body, String header) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            for (String signature : header.split(" ")) {
                if (signature.startsWith("v1,") && MessageDigest.isEqual(
                        expected, Base64.getDecoder().decode(signature.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    static List<String> messageOrder(String conversation) throws Exception {
        List<String> ids = new ArrayList<>();
        String path = "/api/v2/conversations/" + conversation + "/messages/?limit=100";
        while (path != null) {
            String page = call("GET", path, null, 200);
            Matcher matcher = Pattern.compile("\"message_id\":\"([0-9a-f]{24})\"").matcher(page);
            while (matcher.find()) {
                ids.add(matcher.group(1));
            }
            Matcher next = Pattern.compile("\"next_page_url\":\"([^\"]+)\"").matcher(page);
            path = next.find() ? next.group(1) : null;
        }
        return ids;
    }

    static String call(String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> response = HTTP.send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    static HttpRequest request(String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    static String first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    static long millis(String timestamp) {
        return timestamp == null ? 0 : OffsetDateTime.parse(timestamp).toInstant().toEpochMilli();
    }

    static long percentile(List<Long> values, int percentile) {
        List<Long> sorted;
        synchronized (values) {
            sorted = new ArrayList<>(values);
        }
        if (sorted.isEmpty()) {
            return -1;
        }
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    static void run(String command) throws Exception {
        System.err.println("  (" + command + ")");
        new ProcessBuilder("bash", "-c", command).inheritIO().start().waitFor();
    }

    static void pause(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
