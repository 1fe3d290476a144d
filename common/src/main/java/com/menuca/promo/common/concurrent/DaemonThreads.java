package com.menuca.promo.common.concurrent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Threads for a service's background work (polling loops, schedulers, small pools): named for what
 * they run, because thread dumps, JFR and the benchmarks' CPU-by-role read the names, and daemon, so
 * that none holds up a JVM whose service has already stopped.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Every thread it makes is called {@code name}. */
    public static ThreadFactory named(String name) {
        return runnable -> daemon(runnable, name);
    }

    /** Threads called {@code prefix1}, {@code prefix2}, ... in the order they are made. */
    public static ThreadFactory numbered(String prefix) {
        AtomicLong sequence = new AtomicLong();
        return runnable -> daemon(runnable, prefix + sequence.incrementAndGet());
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
