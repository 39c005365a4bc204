package dev.conversations.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * Statements that carry the product's guarantees, each kept in one {@code .sql} resource under {@code sql/} that
 * documents its parameters and guarantees. The benchmark runs the very same files through pgbench.
 */
public final class SqlStatements {
    /**
     * The Vert.x PostgreSQL client only caches (keeps prepared) statements up to this many characters (its default
     * is 2048; {@link BoundedPoolCreator} raises it to this); a longer one would be parsed and planned by the server
     * on every execution, at about a third of the throughput.
     */
    static final int CACHEABLE_LENGTH = 4096;

    private SqlStatements() {}

    /** The statement of {@code sql/<name>} without its comments; fails when it is too long to stay prepared. */
    public static String load(String name) {
        try (InputStream in = SqlStatements.class.getResourceAsStream("/sql/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing SQL resource sql/" + name);
            }
            String statement = withoutComments(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (statement.length() > CACHEABLE_LENGTH) {
                throw new IllegalStateException("sql/" + name + " is too long to stay prepared: shorten it");
            }
            return statement;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The statement without its {@code --} comments and blank lines (the files hold no quoted "--"). */
    static String withoutComments(String sql) {
        return sql.lines()
                .map(line -> line.replaceFirst("\\s*--.*$", ""))
                .filter(line -> !line.isBlank())
                .collect(Collectors.joining("\n"));
    }
}
