package dev.conversations.message;

import static dev.conversations.message.Messages.fromEndUser;
import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newTenant;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conversations.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Posts to one conversation with and without an Idempotency-Key at once, more than the pool has connections: a
 * keyed post holds a connection for its transaction, so it must not also wait for the row's turn in the replica
 * (database/RowTurns), or the posts whose turn it is would find no connection left.
 */
@QuarkusTest
class HotConversationMessagesTest {

    @Test
    void keyedAndPlainPostsOfOneConversationAtOnceAllSucceed() {
        Api.Tenant tenant = newTenant();
        Messages.Conversation conversation = Messages.newConversation(tenant);
        String path = "/api/v2/conversations/" + conversation.id() + "/messages/";
        ExecutorService clients = Executors.newFixedThreadPool(48);
        List<CompletableFuture<Integer>> posts = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) {
                String keyed = fromEndUser(conversation, "keyed " + i);
                String plain = fromEndUser(conversation, "plain " + i);
                String key = "hot-" + conversation.id() + "-" + i;
                posts.add(CompletableFuture.supplyAsync(
                        () -> as(tenant)
                                .header("Idempotency-Key", key)
                                .body(keyed)
                                .post(path)
                                .statusCode(),
                        clients));
                posts.add(CompletableFuture.supplyAsync(
                        () -> as(tenant).body(plain).post(path).statusCode(), clients));
            }
            Map<Integer, Long> statuses = posts.stream()
                    .map(CompletableFuture::join)
                    .collect(Collectors.groupingBy(status -> status, Collectors.counting()));
            assertEquals(Map.of(201, 48L), statuses);
        } finally {
            clients.shutdown();
        }
        HashSet<String> bodies = new HashSet<>();
        Messages.all(tenant, conversation.id(), 100)
                .forEach(message -> bodies.add(message.at("/content/body").asText()));
        assertEquals(48, bodies.size(), "each post stored once");
    }
}
