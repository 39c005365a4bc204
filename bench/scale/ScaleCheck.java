import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client of bench/scale/run: talks only to the gateway and checks the end state of every conversation it
 * wrote to. Run with the JDK's source launcher: java bench/scale/ScaleCheck.java PHASE GATEWAY KEY CHANNEL [...].
 * Phases: spray, mix, disruption (with the shell commands to run at 3 s and 6 s), limits. Exits 1 on a failure.
 */
public class ScaleCheck {
    private static final Pattern PAIR = Pattern.compile("\"([^\"]+)\":\\s*(-?[0-9.]+|true|false|\"[^\"]*\")");
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private static String gateway;
    private static String key;
    private static String channel;

    public static void main(String[] args) throws Exception {
        gateway = args[1];
        key = args[2];
        channel = args[3];
        boolean ok = switch (args[0]) {
            case "spray" -> spray();
            case "mix" -> mix();
            case "disruption" -> disruption(args[4], args[5], args[6]);
            case "limits" -> limits();
            case "messages" -> messages();
            case "end-users" -> endUsers();
            default -> throw new IllegalArgumentException(args[0]);
        };
        System.exit(ok ? 0 : 1);
    }

    /** 500 concurrent PATCHes with distinct keys on one conversation: every one acknowledged and present. */
    static boolean spray() throws Exception {
        String conversation = create("{\"seed\":\"untouched\"}");
        List<Patch> patches = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            patches.add(new Patch(conversation, "{\"" + key36(i, 2) + "\":" + i % 10 + "}"));
        }
        Results results = sendConcurrently(patches, 500);
        Map<String, String> metadata = metadata(conversation);
        int missing = 0;
        for (int i = 0; i < 500; i++) {
            if (!Integer.toString(i % 10).equals(metadata.get(key36(i, 2)))) {
                missing++;
            }
        }
        boolean ok = results.ok.get() == 500 && missing == 0 && metadata.size() == 501
                && "\"untouched\"".equals(metadata.get("seed")) && results.replicas.size() == 2;
        report("spray", ok, results, "500 keys present: " + (missing == 0) + ", keys " + metadata.size());
        return ok;
    }

    /** Concurrent deletes and adds, each key touched by one request: the end state is exact. */
    static boolean mix() throws Exception {
        StringBuilder initial = new StringBuilder("{\"seed\":\"untouched\"");
        for (int i = 0; i < 150; i++) {
            initial.append(",\"x").append(key36(i, 2)).append("\":1");
        }
        String conversation = create(initial.append('}').toString());
        List<Patch> patches = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            patches.add(new Patch(conversation, "{\"x" + key36(i, 2) + "\":null}"));
            patches.add(new Patch(conversation, "{\"y" + key36(i, 2) + "\":" + i % 10 + "}"));
        }
        for (int i = 100; i < 150; i++) {
            patches.add(new Patch(conversation, "{\"x" + key36(i, 2) + "\":null,\"z" + key36(i, 2) + "\":true}"));
        }
        Results results = sendConcurrently(patches, 250);
        Map<String, String> expected = new HashMap<>(Map.of("seed", "\"untouched\""));
        for (int i = 0; i < 100; i++) {
            expected.put("y" + key36(i, 2), Integer.toString(i % 10));
        }
        for (int i = 100; i < 150; i++) {
            expected.put("z" + key36(i, 2), "true");
        }
        Map<String, String> actual = metadata(conversation);
        boolean ok = results.ok.get() == patches.size() && actual.equals(expected);
        report("mix", ok, results, "exact end state (" + expected.size() + " keys): " + actual.equals(expected));
        return ok;
    }

    /**
     * 10 s of PATCHes across 100 conversations while a replica is disrupted (the shell commands run at 3 s and 6 s).
     * Every acknowledged key must be present; no key may appear that was not sent.
     */
    static boolean disruption(String name, String at3s, String at6s) throws Exception {
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            conversations.add(create("{\"seed\":\"untouched\"}"));
        }
        Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
        Map<String, Set<String>> uncertain = new ConcurrentHashMap<>();
        Results results = new Results();
        AtomicInteger counter = new AtomicInteger();
        AtomicInteger okAfterDisruption = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(10).toNanos();
        long disruptedAt = start + Duration.ofSeconds(3).toNanos();
        Thread[] workers = new Thread[8];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    String conversation = conversations.get(ThreadLocalRandom.current().nextInt(conversations.size()));
                    String k = "k" + key36(counter.getAndIncrement(), 4);
                    int status = patch(new Patch(conversation, "{\"" + k + "\":1}"), results);
                    Map<String, Set<String>> bucket = status == 200 ? acknowledged : uncertain;
                    bucket.computeIfAbsent(conversation, c -> ConcurrentHashMap.newKeySet()).add(k);
                    if (status == 200 && System.nanoTime() > disruptedAt) {
                        okAfterDisruption.incrementAndGet();
                    }
                    pause(10);
                }
            });
            workers[w].start();
        }
        pause(3000);
        run(at3s);
        pause(3000);
        run(at6s);
        for (Thread worker : workers) {
            worker.join();
        }
        int lost = 0;
        int invented = 0;
        int uncertainPresent = 0;
        for (String conversation : conversations) {
            Map<String, String> metadata = metadata(conversation);
            Set<String> acked = acknowledged.getOrDefault(conversation, Set.of());
            Set<String> maybe = uncertain.getOrDefault(conversation, Set.of());
            for (String k : acked) {
                if (!"1".equals(metadata.get(k))) {
                    lost++;
                }
            }
            for (String k : metadata.keySet()) {
                if (k.equals("seed")) {
                    continue;
                }
                if (maybe.contains(k)) {
                    uncertainPresent++;
                } else if (!acked.contains(k)) {
                    invented++;
                }
            }
            if (!"\"untouched\"".equals(metadata.get("seed"))) {
                invented++;
            }
        }
        boolean graceful = name.startsWith("graceful");
        boolean ok = lost == 0 && invented == 0 && okAfterDisruption.get() > 0
                && (!graceful || results.failed.get() == 0);
        report(
                name,
                ok,
                results,
                String.format(
                        "acknowledged keys lost: %d, keys never sent or seed changed: %d, failed requests"
                                + " applied anyway: %d, 200s after the disruption: %d",
                        lost, invented, uncertainPresent, okAfterDisruption.get()));
        return ok;
    }

    /**
     * Messages through the gateway, so both replicas post to one conversation: 300 posts from 32 clients while a
     * reader pages with pages of 7 (each message exactly once, the reader sees exactly the final order), then 20
     * rounds of 10 posts fired with an end (exactly the 201s stored, none after ended_at).
     */
    static boolean messages() throws Exception {
        String[] conversation = createWithEndUser();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            bodies.add(endUserMessage(conversation[1], "m" + i));
        }
        java.util.concurrent.atomic.AtomicBoolean posting = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<String> readMeanwhile = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> readWhilePosting(conversation[0], posting, readMeanwhile));
        reader.start();
        Results results = new Results();
        Map<Integer, Integer> statuses = postConcurrently(conversation[0], bodies, 32, results);
        posting.set(false);
        reader.join();
        List<String[]> finalOrder = listMessages(conversation[0]);
        List<String> finalIds = finalOrder.stream().map(m -> m[0]).toList();
        boolean once = finalIds.size() == 300 && new HashSet<>(finalIds).size() == 300;
        boolean readerAgrees = finalIds.equals(readMeanwhile);

        int roundsOk = 0;
        int mixed = 0;
        for (int round = 0; round < 20; round++) {
            String[] ending = createWithEndUser();
            List<String> roundBodies = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                roundBodies.add(endUserMessage(ending[1], "r" + round + "-" + i));
            }
            java.util.concurrent.CompletableFuture<Map<Integer, Integer>> posts =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return postConcurrently(ending[0], roundBodies, 10, new Results());
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            int ended = send(HttpRequest.newBuilder(URI.create(gateway + "/api/v2/conversations/" + ending[0] + "/end/"))
                            .header("Authorization", "Bearer " + key)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build())
                    .statusCode();
            Map<Integer, Integer> roundStatuses = posts.join();
            List<String[]> stored = listMessages(ending[0]);
            String endedAt = field(get("/api/v2/conversations/" + ending[0] + "/"), "ended_at");
            int accepted = roundStatuses.getOrDefault(201, 0);
            boolean noneAfterEnd = stored.stream()
                    .allMatch(m -> !java.time.OffsetDateTime.parse(m[1])
                            .isAfter(java.time.OffsetDateTime.parse(endedAt)));
            if (ended == 200 && stored.size() == accepted && accepted + roundStatuses.getOrDefault(400, 0) == 10
                    && noneAfterEnd) {
                roundsOk++;
            }
            if (accepted > 0 && accepted < 10) {
                mixed++;
            }
        }
        boolean ok = statuses.getOrDefault(201, 0) == 300 && once && readerAgrees && roundsOk == 20
                && results.replicas.size() == 2;
        System.out.printf(
                "| messages | %s | 300 posts to one conversation through the gateway (32 clients) %s, by replica %s;"
                        + " each exactly once: %s; a reader paging meanwhile saw the final order: %s (%d read);"
                        + " end raced with 10 posts, 20 rounds: %d consistent (exactly the 201s stored, none after"
                        + " ended_at), %d with posts on both sides of the end |%n",
                ok ? "pass" : "FAIL", statuses, results.replicas, once, readerAgrees, readMeanwhile.size(), roundsOk,
                mixed);
        return ok;
    }

    /** A new conversation on the channel: {id, end_user_id}. */
    /**
     * Ada's upsert and the end-user merge through both replicas: 64 creates at once naming one external id (in two
     * spellings) make exactly one end user; 300 PATCHes at once, each adding its own key to its profile metadata,
     * all land.
     */
    static boolean endUsers() throws Exception {
        String externalId = "scale-" + Long.toString(System.nanoTime(), 36);
        List<HttpRequest> creates = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String spelling = i % 2 == 0 ? externalId : externalId.toUpperCase();
            creates.add(tenantRequest("/api/v2/end-users/")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"external_id\":\"" + spelling + "\"}"))
                    .build());
        }
        Map<String, Integer> replicas = new ConcurrentHashMap<>();
        List<HttpResponse<String>> created = sendAll(creates, replicas);
        Map<Integer, Integer> createStatuses = statuses(created);
        Set<String> ids = new HashSet<>();
        for (HttpResponse<String> response : created) {
            ids.add(field(response.body(), "end_user_id"));
        }
        String endUser = ids.iterator().next();
        List<HttpRequest> patches = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            patches.add(tenantRequest("/api/v2/end-users/" + endUser)
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(
                            "{\"profile\":{\"metadata\":{\"k" + key36(i, 2) + "\":" + i + "}}}"))
                    .build());
        }
        Map<Integer, Integer> patchStatuses = statuses(sendAll(patches, replicas));
        String body = get("/api/v2/end-users/" + endUser);
        // The profile's metadata object: from its key to the first closing brace (its values are flat).
        int start = body.indexOf("\"metadata\":");
        Matcher pair = PAIR.matcher(body.substring(start, body.indexOf('}', start)));
        Map<String, String> metadata = new HashMap<>();
        while (pair.find()) {
            metadata.put(pair.group(1), pair.group(2));
        }
        int missing = 0;
        for (int i = 0; i < 300; i++) {
            if (!Integer.toString(i).equals(metadata.get("k" + key36(i, 2)))) {
                missing++;
            }
        }
        boolean ok = createStatuses.equals(Map.of(201, 1, 200, 63)) && ids.size() == 1
                && patchStatuses.equals(Map.of(200, 300)) && missing == 0 && metadata.size() == 300
                && replicas.size() == 2;
        System.out.printf(
                "| end-users | %s | 64 creates at once with one external id through the gateway: %s, %d end user;"
                        + " 300 concurrent metadata PATCHes of it: %s, keys missing %d of 300; by replica %s |%n",
                ok ? "pass" : "FAIL", createStatuses, ids.size(), patchStatuses, missing, replicas);
        return ok;
    }

    static HttpRequest.Builder tenantRequest(String path) {
        return HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10));
    }

    /** Sends every request at once (a thread each, released together); responses in request order. */
    static List<HttpResponse<String>> sendAll(List<HttpRequest> requests, Map<String, Integer> replicas)
            throws InterruptedException {
        List<HttpResponse<String>> responses = new ArrayList<>(java.util.Collections.nCopies(requests.size(), null));
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            int index = i;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    HttpResponse<String> response = send(requests.get(index));
                    response.headers().firstValue("X-Replica").ifPresent(r -> replicas.merge(r, 1, Integer::sum));
                    synchronized (responses) {
                        responses.set(index, response);
                    }
                } catch (Exception e) {
                    System.err.println("  request failed: " + e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        return responses;
    }

    static Map<Integer, Integer> statuses(List<HttpResponse<String>> responses) {
        Map<Integer, Integer> statuses = new HashMap<>();
        for (HttpResponse<String> response : responses) {
            statuses.merge(response == null ? -1 : response.statusCode(), 1, Integer::sum);
        }
        return statuses;
    }

    static String[] createWithEndUser() throws Exception {
        String id = create("{}");
        return new String[] {id, field(get("/api/v2/conversations/" + id + "/"), "end_user_id")};
    }

    static String endUserMessage(String endUser, String text) {
        return "{\"author\":{\"role\":\"end_user\",\"id\":\"" + endUser
                + "\"},\"content\":{\"type\":\"text\",\"body\":\"" + text + "\"}}";
    }

    static Map<Integer, Integer> postConcurrently(String conversation, List<String> bodies, int clients, Results results)
            throws Exception {
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (String body : bodies) {
                done.add(pool.submit(() -> {
                    int status;
                    try {
                        HttpResponse<String> response = send(HttpRequest.newBuilder(
                                        URI.create(gateway + "/api/v2/conversations/" + conversation + "/messages/"))
                                .header("Authorization", "Bearer " + key)
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build());
                        status = response.statusCode();
                        response.headers()
                                .firstValue("X-Replica")
                                .ifPresent(r -> results.replicas.merge(r, 1, Integer::sum));
                    } catch (Exception e) {
                        status = -1;
                    }
                    statuses.merge(status, 1, Integer::sum);
                }));
            }
            for (java.util.concurrent.Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        return new java.util.TreeMap<>(statuses);
    }

    /** Pages with pages of 7; at the end of the list it reads its page again and takes what was added. */
    static void readWhilePosting(String conversation, java.util.concurrent.atomic.AtomicBoolean posting, List<String> seen) {
        String current = "/api/v2/conversations/" + conversation + "/messages/?limit=7";
        int pageStart = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String page = get(current);
                List<String> ids = ids(page);
                for (int i = 0; i < ids.size(); i++) {
                    if (pageStart + i >= seen.size()) {
                        seen.add(ids.get(i));
                    } else if (!seen.get(pageStart + i).equals(ids.get(i))) {
                        seen.add("changed:" + ids.get(i)); // makes the comparison with the final order fail
                        return;
                    }
                }
                String next = field(page, "next_page_url");
                if (next != null) {
                    current = next;
                    pageStart = seen.size();
                } else if (!posting.get() && seen.size() >= 300) {
                    return;
                }
            }
        } catch (Exception e) {
            seen.add("failed:" + e);
        }
    }

    /** Every message of the conversation as {message_id, created_at}, following next_page_url. */
    static List<String[]> listMessages(String conversation) throws Exception {
        List<String[]> messages = new ArrayList<>();
        String url = "/api/v2/conversations/" + conversation + "/messages/?limit=100";
        while (url != null) {
            String page = get(url);
            Matcher item = Pattern.compile("\"message_id\":\"([0-9a-f]{24})\",\"created_at\":\"([^\"]+)\"")
                    .matcher(page);
            while (item.find()) {
                messages.add(new String[] {item.group(1), item.group(2)});
            }
            url = field(page, "next_page_url");
        }
        return messages;
    }

    static List<String> ids(String page) {
        List<String> ids = new ArrayList<>();
        Matcher id = Pattern.compile("\"message_id\":\"([0-9a-f]{24})\"").matcher(page);
        while (id.find()) {
            ids.add(id.group(1));
        }
        return ids;
    }

    /** A string field of a JSON text (null when absent or null). */
    static String field(String json, String name) {
        Matcher value = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return value.find() ? value.group(1) : null;
    }

    static String get(String path) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Authorization", "Bearer " + key)
                .GET()
                .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** A burst early in a second through the gateway: together the two replicas allow the per-second limit. */
    static boolean limits() throws Exception {
        String conversation = create("{}");
        pause(1000 - System.currentTimeMillis() % 1000 + 20);
        Results results = new Results();
        Map<Integer, Integer> statuses = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(
                            URI.create(gateway + "/api/v2/conversations/" + conversation + "/"))
                    .header("Authorization", "Bearer " + key)
                    .GET()
                    .build());
            statuses.merge(response.statusCode(), 1, Integer::sum);
            response.headers().firstValue("X-Replica").ifPresent(r -> results.replicas.merge(r, 1, Integer::sum));
        }
        int allowed = statuses.getOrDefault(200, 0);
        // Without a shared store each replica would allow its own 10.
        boolean ok = allowed == 10 && statuses.getOrDefault(429, 0) == 30 - allowed
                && results.replicas.size() == 2;
        System.out.printf(
                "| limits | %s | 30 GETs in one second over both replicas %s: %d allowed, %d refused (429) |%n",
                ok ? "pass" : "FAIL", results.replicas, allowed, statuses.getOrDefault(429, 0));
        return ok;
    }

    record Patch(String conversation, String metadata) {}

    static final class Results {
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final Map<String, Integer> replicas = new ConcurrentHashMap<>();
        final Map<String, Integer> failures = new ConcurrentHashMap<>();
    }

    static Results sendConcurrently(List<Patch> patches, int concurrency) throws InterruptedException {
        Results results = new Results();
        CountDownLatch done = new CountDownLatch(patches.size());
        CountDownLatch go = new CountDownLatch(1);
        for (Patch patch : patches) {
            new Thread(() -> {
                try {
                    go.await();
                    patch(patch, results);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }).start();
        }
        go.countDown();
        done.await();
        return results;
    }

    /** Sends one PATCH; the status, or -1 when no response came (the outcome is then unknown). */
    static int patch(Patch patch, Results results) {
        try {
            HttpResponse<String> response = send(HttpRequest.newBuilder(
                            URI.create(gateway + "/api/v2/conversations/" + patch.conversation + "/"))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"metadata\":" + patch.metadata + "}"))
                    .timeout(Duration.ofSeconds(10))
                    .build());
            response.headers().firstValue("X-Replica").ifPresent(r -> results.replicas.merge(r, 1, Integer::sum));
            if (response.statusCode() == 200) {
                results.ok.incrementAndGet();
            } else {
                results.failed.incrementAndGet();
                results.failures.merge(Integer.toString(response.statusCode()), 1, Integer::sum);
            }
            return response.statusCode();
        } catch (Exception e) {
            results.failed.incrementAndGet();
            results.failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
            return -1;
        }
    }

    static String create(String metadata) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(gateway + "/api/v2/conversations/"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"channel_id\":\"" + channel + "\",\"metadata\":" + metadata + "}"))
                .build());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("create: " + response.statusCode() + " " + response.body());
        }
        Matcher id = Pattern.compile("\"id\":\"([0-9a-f]{24})\"").matcher(response.body());
        id.find();
        return id.group(1);
    }

    static Map<String, String> metadata(String conversation) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create(gateway + "/api/v2/conversations/" + conversation + "/"))
                .header("Authorization", "Bearer " + key)
                .GET()
                .build());
        String body = response.body();
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET of conversation " + conversation + " through the gateway: "
                    + response.statusCode() + " " + body);
        }
        String object = body.substring(body.indexOf("\"metadata\":") + "\"metadata\":".length());
        Map<String, String> pairs = new HashMap<>();
        Matcher matcher = PAIR.matcher(object);
        while (matcher.find()) {
            pairs.put(matcher.group(1), matcher.group(2));
        }
        return pairs;
    }

    static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static void run(String command) throws Exception {
        System.err.println("  (" + command + ")");
        new ProcessBuilder("bash", "-c", command).inheritIO().start().waitFor();
    }

    static void report(String phase, boolean ok, Results results, String detail) {
        System.out.printf(
                "| %s | %s | %d x 200, %d failed %s, by replica %s; %s |%n",
                phase, ok ? "pass" : "FAIL", results.ok.get(), results.failed.get(), results.failures,
                results.replicas, detail);
    }

    static String key36(int value, int width) {
        String text = Integer.toString(value, 36);
        return "0".repeat(Math.max(0, width - text.length())) + text;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
