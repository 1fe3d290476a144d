package com.menuca.promo.gateway.ratelimit;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts open sockets per client IP and per token subject; refuses one past either limit. A token
 * without a subject (a shared API key such as the anon key) is counted per IP only: every browser of
 * every anonymous user carries the same one. Thread-safe.
 */
public final class ConnectionLimiter {
    private final int perIp;
    private final int perSubject;
    private final ConcurrentHashMap<String, Integer> byIp = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> bySubject = new ConcurrentHashMap<>();

    public ConnectionLimiter(int perIp, int perSubject) {
        this.perIp = perIp;
        this.perSubject = perSubject;
    }

    /**
     * Counts a new socket if both limits allow it.
     *
     * @param subject the token's subject, or null for a shared key
     * @return null when admitted (call {@link #release} when it closes), else why not
     */
    public String tryAcquire(String ip, String subject) {
        if (!increment(byIp, ip, perIp)) {
            return "too many connections from " + ip + " (limit " + perIp + ")";
        }
        if (subject != null && !increment(bySubject, subject, perSubject)) {
            decrement(byIp, ip);
            return "too many connections for this token (limit " + perSubject + ")";
        }
        return null;
    }

    public void release(String ip, String subject) {
        decrement(byIp, ip);
        if (subject != null) {
            decrement(bySubject, subject);
        }
    }

    private static boolean increment(ConcurrentHashMap<String, Integer> counts, String key, int limit) {
        boolean[] admitted = {false};
        counts.compute(key, (k, current) -> {
            int n = current == null ? 0 : current;
            if (n >= limit) {
                return current;
            }
            admitted[0] = true;
            return n + 1;
        });
        return admitted[0];
    }

    private static void decrement(ConcurrentHashMap<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }
}
