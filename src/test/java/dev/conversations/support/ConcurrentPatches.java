package dev.conversations.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.config.ConfigProvider;

/** Sends many PATCHes to one conversation at once, over real HTTP, and counts the statuses. */
public final class ConcurrentPatches {

    private ConcurrentPatches() {}

    /**
     * Sends every metadata patch at once, each on its own connection, and returns without waiting: the future
     * gives status -> count when all have answered. For tests that hold the requests at a lock meanwhile.
     */
    public static CompletableFuture<Map<Integer, Integer>> start(
            Api.Tenant tenant, String conversationId, List<String> patches) {
        List<String> bodies =
                patches.stream().map(patch -> "{\"metadata\":" + patch + "}").toList();
        return ConcurrentRequests.start(tenant, "PATCH", "/api/v2/conversations/" + conversationId + "/", bodies)
                .thenApply(answers -> {
                    Map<Integer, Integer> statuses = new TreeMap<>();
                    answers.forEach(answer -> statuses.merge(answer.status(), 1, Integer::sum));
                    return statuses;
                });
    }

    private static HttpRequest request(URI uri, Api.Tenant tenant, String patch) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + tenant.key())
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"metadata\":" + patch + "}"))
                .build();
    }

    /** Sends every metadata patch with at most {@code concurrency} in flight; returns status -> count. */
    public static Map<Integer, Integer> send(
            Api.Tenant tenant, String conversationId, List<String> patches, int concurrency) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        URI uri = URI.create("http://localhost:" + port + "/api/v2/conversations/" + conversationId + "/");
        ExecutorService executor = Executors.newFixedThreadPool(concurrency);
        HttpClient client = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        Semaphore inFlight = new Semaphore(concurrency);
        try {
            List<CompletableFuture<Integer>> responses = patches.stream()
                    .map(patch -> {
                        inFlight.acquireUninterruptibly();
                        return client.sendAsync(request(uri, tenant, patch), HttpResponse.BodyHandlers.discarding())
                                .thenApply(HttpResponse::statusCode)
                                .whenComplete((status, failure) -> inFlight.release());
                    })
                    .toList();
            Map<Integer, Integer> statuses = new TreeMap<>();
            responses.forEach(response -> statuses.merge(response.join(), 1, Integer::sum));
            return statuses;
        } finally {
            executor.shutdownNow();
        }
    }
}
