import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.impl.PgPoolOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The JVM's floor for bench/run (issue 13): plain Vert.x, no Quarkus, running the service's own SQL files
 * (src/main/resources/sql) with the service's pool settings (16 connections for writes, 4 pipelined ones for reads,
 * prepared statements kept), answering
 * the same JSON for the hot routes, without authentication, validation, limits, metrics or request ids. Its ratio to
 * pgbench is what the JVM, Netty and the PostgreSQL client cost on this machine; the service's distance to it is
 * what Quarkus and our code cost.
 *
 * Run: java -cp "target/quarkus-app/lib/main/*" bench/floor/FloorServer.java
 * Environment: FLOOR_PORT, FLOOR_PG_URL (postgresql://host:port/db), FLOOR_PG_USER, FLOOR_PG_PASSWORD,
 * FLOOR_TENANT (the tenant the requests act for), FLOOR_POOL_SIZE (16), FLOOR_READ_POOL_SIZE (4; 0: reads use the
 * main pool).
 */
public class FloorServer extends AbstractVerticle {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");
    private static final int METADATA_MAX_BYTES = 4096;
    private static String find;
    private static String merge;
    private static String postMessage;
    private static String listMessages;
    private static String tenant;
    private static Pool pool;
    private static Pool reads;

    public static void main(String[] args) throws IOException {
        find = sql("find-conversation.sql");
        merge = sql("merge-conversation-metadata.sql");
        postMessage = sql("post-message.sql");
        listMessages = sql("list-messages.sql");
        tenant = System.getenv("FLOOR_TENANT");
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        PgConnectOptions connect = PgConnectOptions.fromUri(System.getenv("FLOOR_PG_URL"))
                .setUser(System.getenv("FLOOR_PG_USER"))
                .setPassword(System.getenv().getOrDefault("FLOOR_PG_PASSWORD", ""))
                .setCachePreparedStatements(true)
                .setPreparedStatementCacheSqlLimit(4096);
        int size = Integer.parseInt(System.getenv().getOrDefault("FLOOR_POOL_SIZE", "16"));
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(connect).using(vertx).build();
        int readSize = Integer.parseInt(System.getenv().getOrDefault("FLOOR_READ_POOL_SIZE", "4"));
        reads = readSize == 0
                ? pool
                : PgBuilder.pool()
                        .with(new PgPoolOptions(new PoolOptions().setMaxSize(readSize)).setPipelined(true))
                        .connectingTo(connect)
                        .using(vertx)
                        .build();
        int loops = 2 * Runtime.getRuntime().availableProcessors(); // Quarkus' default event loops
        vertx.deployVerticle(FloorServer::new, new DeploymentOptions().setInstances(loops))
                .onSuccess(id -> System.out.println("floor: listening on " + System.getenv("FLOOR_PORT")
                        + " (native transport: " + vertx.isNativeTransportEnabled() + ")"))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }

    @Override
    public void start() {
        vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
                .requestHandler(this::handle)
                .listen(Integer.parseInt(System.getenv("FLOOR_PORT")));
    }

    private void handle(HttpServerRequest request) {
        String[] parts = request.path().split("/");
        // /api/v2/conversations/{id}[/messages]
        if (parts.length < 5 || !"conversations".equals(parts[3])) {
            request.response().setStatusCode(404).end();
            return;
        }
        String id = parts[4];
        boolean messages = parts.length > 5 && "messages".equals(parts[5]);
        switch (request.method().name()) {
            case "GET" -> {
                if (messages) {
                    reads.preparedQuery(listMessages).execute(Tuple.of(tenant, id, 0L, 21)).onComplete(done ->
                            answer(request, 200, done.succeeded() ? messageList(done.result()) : null));
                } else {
                    reads.preparedQuery(find).execute(Tuple.of(tenant, id)).onComplete(done ->
                            answer(request, 200, done.succeeded() ? conversation(done.result()) : null));
                }
            }
            case "PATCH" -> request.body().onSuccess(body -> patch(request, id, body));
            case "POST" -> request.body().onSuccess(body -> post(request, id, body));
            default -> request.response().setStatusCode(405).end();
        }
    }

    private void patch(HttpServerRequest request, String id, Buffer body) {
        JsonObject metadata = new JsonObject(body).getJsonObject("metadata");
        List<String> removals = new ArrayList<>();
        JsonObject values = new JsonObject();
        for (Map.Entry<String, Object> entry : metadata) {
            if (entry.getValue() == null) {
                removals.add(entry.getKey());
            } else {
                values.put(entry.getKey(), entry.getValue());
            }
        }
        Tuple parameters =
                Tuple.of(tenant, id, removals.toArray(String[]::new), values.encode(), METADATA_MAX_BYTES);
        pool.preparedQuery(merge).execute(parameters).onComplete(done ->
                answer(request, 200, done.succeeded() ? conversation(done.result()) : null));
    }

    private void post(HttpServerRequest request, String conversationId, Buffer body) {
        JsonObject message = new JsonObject(body);
        JsonObject author = message.getJsonObject("author");
        JsonObject content = message.getJsonObject("content");
        String messageId = Long.toHexString(System.nanoTime()) + Long.toHexString(Double.doubleToLongBits(Math.random()));
        String id = (messageId + "000000000000000000000000").substring(0, 24);
        Tuple parameters = Tuple.tuple(Arrays.asList(
                tenant, conversationId, id, author.getString("role"), author.getString("id"),
                author.getString("display_name"), author.getString("avatar"), content.getString("type"),
                content.getString("body"), null, null, null));
        pool.preparedQuery(postMessage).execute(parameters).onComplete(done -> {
            if (done.failed() || !done.result().iterator().hasNext()) {
                answer(request, 500, null);
                return;
            }
            String createdAt = time(done.result().iterator().next().getOffsetDateTime("created_at"));
            answer(request, 201, "{\"id\":\"" + id + "\",\"conversation_id\":\"" + conversationId + "\",\"author\":"
                    + author.encode() + ",\"content\":" + content.encode() + ",\"created_at\":\"" + createdAt
                    + "\",\"updated_at\":\"" + createdAt + "\"}");
        });
    }

    private static String conversation(RowSet<Row> rows) {
        if (!rows.iterator().hasNext()) {
            return null;
        }
        Row row = rows.iterator().next();
        return "{\"id\":\"" + row.getString("id") + "\",\"channel_id\":\"" + row.getString("channel_id")
                + "\",\"end_user_id\":\"" + row.getString("end_user_id") + "\",\"status\":\"" + row.getString("status")
                + "\",\"created_at\":\"" + time(row.getOffsetDateTime("created_at")) + "\",\"updated_at\":\""
                + time(row.getOffsetDateTime("updated_at")) + "\",\"ended_at\":"
                + (row.getOffsetDateTime("ended_at") == null ? "null" : "\"" + time(row.getOffsetDateTime("ended_at")) + "\"")
                + ",\"metadata\":" + row.getString("metadata") + "}";
    }

    private static String messageList(RowSet<Row> rows) {
        StringBuilder json = new StringBuilder("{\"data\":[");
        int count = 0;
        String last = null;
        for (Row row : rows) {
            if (row.getLong("seq") == null || count == 20) {
                continue;
            }
            if (count++ > 0) {
                json.append(',');
            }
            String role = row.getString("author_role");
            JsonObject author = new JsonObject()
                    .put("id", "end_user".equals(role) ? row.getString("author_id") : null)
                    .put("role", role)
                    .put("avatar", row.getString("author_avatar"))
                    .put("display_name", row.getString("author_display_name"));
            JsonObject content = new JsonObject().put("type", "text").put("body", row.getString("body"));
            json.append("{\"type\":\"message_logs\",\"message_id\":\"").append(row.getString("id"))
                    .append("\",\"created_at\":\"").append(time(row.getOffsetDateTime("created_at")))
                    .append("\",\"author\":").append(author.encode()).append(",\"content\":").append(content.encode())
                    .append('}');
            last = Long.toString(row.getLong("seq"));
        }
        boolean more = rows.size() > 20;
        json.append("],\"meta\":{\"next_page_url\":")
                .append(more ? "\"/api/v2/conversations/x/messages/?limit=20&cursor=" + last + "\"" : "null")
                .append("}}");
        return json.toString();
    }

    private static void answer(HttpServerRequest request, int status, String json) {
        if (json == null) {
            request.response().setStatusCode(status == 201 ? 500 : 404).end();
            return;
        }
        request.response().setStatusCode(status).putHeader("content-type", "application/json").end(json);
    }

    private static String time(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC).format(TIME);
    }

    /** As the service's SqlStatements: the file without its comments and blank lines. */
    private static String sql(String name) throws IOException {
        return Files.readAllLines(Path.of("src/main/resources/sql", name)).stream()
                .map(line -> line.replaceFirst("\\s*--.*$", ""))
                .filter(line -> !line.isBlank())
                .collect(Collectors.joining("\n"));
    }
}
