package dev.conversations.ratelimit;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Counts in this JVM: right for a single replica (and the embedded default), not across replicas. */
class InMemoryRateLimitStore implements RateLimitStore {
    private final ConcurrentMap<String, TenantWindows> tenants = new ConcurrentHashMap<>();

    @Override
    public Uni<WindowCounts> acquire(String tenantId, long[] limits) {
        long now = System.currentTimeMillis();
        return Uni.createFrom()
                .item(tenants.computeIfAbsent(tenantId, id -> new TenantWindows())
                        .acquire(now, limits));
    }

    @Override
    public String description() {
        return "in memory (each replica counts on its own; set conversations.rate-limit.redis-url to share)";
    }

    private static final class TenantWindows {
        private final long[] index = new long[RateLimitWindow.values().length];
        private final long[] count = new long[RateLimitWindow.values().length];

        synchronized WindowCounts acquire(long now, long[] limits) {
            RateLimitWindow[] windows = RateLimitWindow.values();
            boolean room = true;
            for (int i = 0; i < windows.length; i++) {
                long current = windows[i].index(now);
                if (index[i] != current) {
                    index[i] = current;
                    count[i] = 0;
                }
                room &= count[i] < limits[i];
            }
            if (room) {
                for (int i = 0; i < windows.length; i++) {
                    count[i]++;
                }
            }
            return new WindowCounts(room, count.clone(), now);
        }
    }
}
