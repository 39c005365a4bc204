package dev.conversations.database;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.OffsetDateTime;

/**
 * The database's clock for timestamps written through Hibernate: every replica reads the same clock, so a
 * replica whose own clock is off cannot order a revocation before a creation.
 */
public final class DatabaseClock {

    private DatabaseClock() {}

    /** The database's current time, read in the current Hibernate Reactive session (microsecond precision). */
    public static Uni<OffsetDateTime> now() {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("SELECT clock_timestamp()", OffsetDateTime.class)
                        .getSingleResult());
    }
}
