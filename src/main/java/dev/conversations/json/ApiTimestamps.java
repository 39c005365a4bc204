package dev.conversations.json;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** RFC 3339 in UTC with an explicit offset and microseconds, e.g. {@code 2020-09-20T00:00:00.000000+00:00}. */
public final class ApiTimestamps {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private ApiTimestamps() {}

    public static String format(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC).format(FORMAT);
    }

    public static String formatOrNull(OffsetDateTime time) {
        return time == null ? null : format(time);
    }
}
