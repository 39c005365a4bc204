package dev.conversations.webhook;

import dev.conversations.database.RequestSql;
import dev.conversations.database.SqlStatements;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Webhooks through the reactive pool (docs/decisions/003): one statement each, but creation (a count under a lock). */
@ApplicationScoped
public class WebhookRepository {
    private static final String LOCK_TENANT = SqlStatements.load("lock-tenant-webhooks.sql");
    private static final String CREATE = SqlStatements.load("create-webhook.sql");
    private static final String LIST = SqlStatements.load("list-webhooks.sql");
    private static final String FIND = SqlStatements.load("find-webhook.sql");
    private static final String UPDATE = SqlStatements.load("update-webhook.sql");
    private static final String DELETE = SqlStatements.load("delete-webhook.sql");
    private static final String FIND_SECRET = SqlStatements.load("find-webhook-secret.sql");
    private static final String ROTATE_SECRET = SqlStatements.load("rotate-webhook-secret.sql");
    private static final String LIST_ATTEMPTS = SqlStatements.load("list-webhook-attempts.sql");
    private static final String REPLAY = SqlStatements.load("replay-webhook.sql");

    private final Pool pool;
    private final RequestSql sql;

    public WebhookRepository(Pool pool, RequestSql sql) {
        this.pool = pool;
        this.sql = sql;
    }

    /** Empty when the tenant already has {@code maxPerTenant} webhooks. */
    Uni<Optional<Webhook>> create(
            String tenantId, String id, WebhookChanges webhook, String sealedSecret, int maxPerTenant) {
        Tuple parameters = Tuple.tuple(Arrays.asList(
                tenantId,
                id,
                webhook.url(),
                webhook.description() == null ? "" : webhook.description(),
                webhook.eventFilters() == null
                        ? new String[0]
                        : webhook.eventFilters().toArray(String[]::new),
                webhook.channels() == null ? new String[0] : webhook.channels().toArray(String[]::new),
                webhook.enabled() == null || webhook.enabled(),
                sealedSecret,
                maxPerTenant));
        return sql.inTransaction(connection -> connection
                .preparedQuery(LOCK_TENANT)
                .execute(Tuple.of(tenantId))
                .chain(locked -> connection.preparedQuery(CREATE).execute(parameters))
                .map(WebhookRepository::first));
    }

    Uni<List<Webhook>> page(String tenantId, String after, int count) {
        return pool.preparedQuery(LIST)
                .execute(Tuple.of(tenantId, after == null ? "" : after, count))
                .map(rows -> {
                    List<Webhook> webhooks = new ArrayList<>();
                    rows.forEach(row -> webhooks.add(Webhook.of(row)));
                    return webhooks;
                });
    }

    Uni<Optional<Webhook>> find(String tenantId, String id) {
        return pool.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(WebhookRepository::first);
    }

    Uni<Optional<Webhook>> update(String tenantId, String id, WebhookChanges changes) {
        Tuple parameters = Tuple.tuple(Arrays.asList(
                tenantId,
                id,
                changes.given().toArray(String[]::new),
                changes.url(),
                changes.description() == null ? "" : changes.description(),
                changes.eventFilters() == null
                        ? new String[0]
                        : changes.eventFilters().toArray(String[]::new),
                changes.channels() == null ? new String[0] : changes.channels().toArray(String[]::new),
                changes.enabled() == null || changes.enabled()));
        return pool.preparedQuery(UPDATE).execute(parameters).map(WebhookRepository::first);
    }

    Uni<Boolean> delete(String tenantId, String id) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(tenantId, id)).map(rows -> rows.rowCount() > 0);
    }

    Uni<Optional<String>> sealedSecret(String tenantId, String id) {
        return pool.preparedQuery(FIND_SECRET).execute(Tuple.of(tenantId, id)).map(rows -> {
            RowIterator<Row> iterator = rows.iterator();
            return iterator.hasNext() ? Optional.of(iterator.next().getString("secret")) : Optional.empty();
        });
    }

    Uni<Boolean> rotateSecret(String tenantId, String id, String sealedSecret, double previousValidSeconds) {
        return sql.client()
                .preparedQuery(ROTATE_SECRET)
                .execute(Tuple.of(tenantId, id, sealedSecret, previousValidSeconds))
                .map(rows -> rows.rowCount() > 0);
    }

    Uni<List<WebhookAttempt>> attempts(String tenantId, String webhookId, Long before, int count) {
        return pool.preparedQuery(LIST_ATTEMPTS)
                .execute(Tuple.tuple(Arrays.asList(tenantId, webhookId, before, count)))
                .map(rows -> {
                    List<WebhookAttempt> attempts = new ArrayList<>();
                    rows.forEach(row -> attempts.add(WebhookAttempt.of(row)));
                    return attempts;
                });
    }

    /** Makes due again the events since {@code since} the webhook has not received; returns how many. */
    Uni<Integer> replay(String tenantId, String webhookId, OffsetDateTime since, int max) {
        return sql.client()
                .preparedQuery(REPLAY)
                .execute(Tuple.of(tenantId, webhookId, since, max))
                .map(RowSet::rowCount);
    }

    private static Optional<Webhook> first(RowSet<Row> rows) {
        RowIterator<Row> iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(Webhook.of(iterator.next())) : Optional.empty();
    }
}
