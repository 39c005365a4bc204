package dev.conversations.enduser;

import dev.conversations.database.ReadPool;
import dev.conversations.database.RequestSql;
import dev.conversations.database.SqlStatements;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** End users through the reactive pool (docs/decisions/003): every change is one statement. */
@ApplicationScoped
public class EndUserRepository {
    private static final String CREATE = SqlStatements.load("create-end-user.sql");
    private static final String FIND = SqlStatements.load("find-end-user.sql");
    private static final String FIND_BY_EXTERNAL_ID = SqlStatements.load("find-end-user-by-external-id.sql");
    private static final String LIST = SqlStatements.load("list-end-users.sql");
    private static final String PATCH = SqlStatements.load("patch-end-user.sql");
    private static final String PATCH_REFUSAL = SqlStatements.load("patch-end-user-refusal.sql");
    private static final String EXTERNAL_ID_INDEX = "end_users_external_id";

    private final Pool pool;
    private final Pool reads;
    private final RequestSql sql;

    public EndUserRepository(Pool pool, ReadPool reads, RequestSql sql) {
        this.pool = pool;
        this.reads = reads.pool();
        this.sql = sql;
    }

    /** The new end user (created), or the one that already had the external id (not created). */
    Uni<Created> create(String tenantId, String id, NewEndUser endUser) {
        Tuple parameters = Tuple.tuple(Arrays.asList(
                tenantId,
                id,
                endUser.fields().get("external_id"),
                ExternalIds.key(endUser.fields().get("external_id")),
                endUser.fields().get("first_name"),
                endUser.fields().get("last_name"),
                endUser.fields().get("display_name"),
                endUser.fields().get("avatar"),
                endUser.fields().get("email"),
                endUser.fields().get("language"),
                endUser.metadata(),
                endUser.sensitiveValues(),
                (double) endUser.attachWithinSeconds(),
                (double) endUser.sensitiveRetentionSeconds()));
        return sql.client().preparedQuery(CREATE).execute(parameters).map(rows -> {
            Row row = rows.iterator().next();
            return new Created(EndUser.of(row), row.getBoolean("created"));
        });
    }

    Uni<Optional<EndUser>> find(String tenantId, String id) {
        return reads.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(EndUserRepository::first);
    }

    Uni<Optional<EndUser>> findByExternalId(String tenantId, String externalId) {
        return reads.preparedQuery(FIND_BY_EXTERNAL_ID)
                .execute(Tuple.of(tenantId, ExternalIds.key(externalId)))
                .map(EndUserRepository::first);
    }

    /** Up to {@code count} end users after {@code after} (null: from the first), in id order. */
    Uni<List<EndUser>> page(String tenantId, String after, int count) {
        return reads.preparedQuery(LIST)
                .execute(Tuple.of(tenantId, after == null ? "" : after, count))
                .map(rows -> {
                    List<EndUser> page = new ArrayList<>(rows.size());
                    rows.forEach(row -> page.add(EndUser.of(row)));
                    return page;
                });
    }

    /** Applies a PATCH in one statement; when it changed nothing, a read tells why. */
    Uni<Patched> patch(String tenantId, String id, EndUserPatch patch) {
        List<Object> refusalParameters = Arrays.asList(
                tenantId,
                id,
                patch.metadataRemovals(),
                patch.metadataValues(),
                patch.metadataMaxBytes(),
                patch.clearMetadata(),
                patch.sensitiveRemovals(),
                patch.sensitiveValues(),
                patch.maxSensitiveFields(),
                patch.clearSensitive());
        List<Object> parameters = new ArrayList<>(refusalParameters);
        parameters.add((double) patch.sensitiveRetentionSeconds());
        parameters.add(patch.fieldsGiven());
        parameters.add(patch.fields().get("external_id"));
        parameters.add(ExternalIds.key(patch.fields().get("external_id")));
        for (String field : ProfileFields.NAMES) {
            parameters.add(patch.fields().get(field));
        }
        return pool.preparedQuery(PATCH)
                .execute(Tuple.tuple(parameters))
                .flatMap(rows -> {
                    RowIterator<Row> updated = rows.iterator();
                    if (updated.hasNext()) {
                        return Uni.createFrom().item(Patched.of(EndUser.of(updated.next())));
                    }
                    return pool.preparedQuery(PATCH_REFUSAL)
                            .execute(Tuple.tuple(refusalParameters))
                            .map(EndUserRepository::refusal);
                })
                .onFailure(EndUserRepository::externalIdTaken)
                .recoverWithItem(Patched.EXTERNAL_ID_TAKEN);
    }

    private static Patched refusal(RowSet<Row> rows) {
        RowIterator<Row> found = rows.iterator();
        if (!found.hasNext()) {
            return Patched.NOT_FOUND;
        }
        Row row = found.next();
        if (!row.getBoolean("metadata_fits")) {
            return Patched.METADATA_TOO_LARGE;
        }
        if (!row.getBoolean("sensitive_fits")) {
            return Patched.TOO_MANY_SENSITIVE_FIELDS;
        }
        String[] shared = row.getArrayOfStrings("shared_keys");
        if (shared.length > 0) {
            return new Patched(null, Patched.Refusal.SHARED_KEYS, List.of(shared));
        }
        // Every limit holds now: a concurrent PATCH changed the end user in between. The caller tries again.
        return Patched.CHANGED_CONCURRENTLY;
    }

    private static boolean externalIdTaken(Throwable failure) {
        return failure instanceof PgException pg
                && "23505".equals(pg.getSqlState())
                && EXTERNAL_ID_INDEX.equals(pg.getConstraint());
    }

    private static Optional<EndUser> first(RowSet<Row> rows) {
        RowIterator<Row> iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(EndUser.of(iterator.next())) : Optional.empty();
    }

    record Created(EndUser endUser, boolean created) {}

    /** What a PATCH did: the updated end user, or why nothing changed. */
    record Patched(EndUser endUser, Refusal refusal, List<String> sharedKeys) {
        static final Patched NOT_FOUND = new Patched(null, Refusal.NOT_FOUND, List.of());
        static final Patched METADATA_TOO_LARGE = new Patched(null, Refusal.METADATA_TOO_LARGE, List.of());
        static final Patched TOO_MANY_SENSITIVE_FIELDS =
                new Patched(null, Refusal.TOO_MANY_SENSITIVE_FIELDS, List.of());
        static final Patched EXTERNAL_ID_TAKEN = new Patched(null, Refusal.EXTERNAL_ID_TAKEN, List.of());
        static final Patched CHANGED_CONCURRENTLY = new Patched(null, Refusal.CHANGED_CONCURRENTLY, List.of());

        static Patched of(EndUser endUser) {
            return new Patched(endUser, null, List.of());
        }

        enum Refusal {
            NOT_FOUND,
            METADATA_TOO_LARGE,
            TOO_MANY_SENSITIVE_FIELDS,
            SHARED_KEYS,
            EXTERNAL_ID_TAKEN,
            CHANGED_CONCURRENTLY
        }
    }
}
