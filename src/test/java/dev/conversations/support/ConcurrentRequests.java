package dev.conversations.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.ConfigProvider;

/** Requests of one tenant sent all at once, each on its own connection, to make them overlap in the service. */
public final class ConcurrentRequests {

    private ConcurrentRequests() {}

    public record Answer(int status, String body) {}

    /** Sends {@code method path} once per body, all at once; the future completes when all have answered. */
    public static CompletableFuture<List<Answer>> start(
            Api.Tenant tenant, String method, String path, List<String> bodies) {
        return start(tenant, method, path, bodies, null, null);
    }

    /** Like {@link #start}, each request with one more header (when {@code header} is not null). */
    public static CompletableFuture<List<Answer>> start(
            Api.Tenant tenant, String method, String path, List<String> bodies, String header, String value) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        URI uri = URI.create("http://localhost:" + port + path);
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(bodies.size(), 64));
        HttpClient client = HttpClient.newBuilder()
                .executor(executor)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        List<CompletableFuture<Answer>> answers = bodies.stream()
                .map(body -> client.sendAsync(
                                HttpRequest.newBuilder(uri)
                                        .timeout(Duration.ofSeconds(30))
                                        .header("Authorization", "Bearer " + tenant.key())
                                        .header("Content-Type", "application/json")
                                        .headers(
                                                header == null
                                                        ? new String[] {"Accept", "application/json"}
                                                        : new String[] {header, value})
                                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .thenApply(response -> new Answer(response.statusCode(), response.body())))
                .toList();
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenApply(all -> answers.stream().map(CompletableFuture::join).toList())
                .whenComplete((all, failure) -> executor.shutdown());
    }

    public static List<Answer> send(Api.Tenant tenant, String method, String path, List<String> bodies) {
        return start(tenant, method, path, bodies).join();
    }

    public static List<Answer> send(
            Api.Tenant tenant, String method, String path, List<String> bodies, String header, String value) {
        return start(tenant, method, path, bodies, header, value).join();
    }
}
