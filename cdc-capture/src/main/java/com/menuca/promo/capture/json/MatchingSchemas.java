package com.menuca.promo.capture.json;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Schema;

/**
 * Remembers which schema objects were already found equal, by identity. Connect schemas are
 * immutable and Debezium reuses the same few objects for every change of a table, but not always the
 * same object for a struct and the field that holds it; comparing them deeply for every struct of
 * every change took a seventh of the converter's time.
 */
final class MatchingSchemas {
    /** More pairs than any set of captured tables produces; passing it means schemas keep changing. */
    private static final int LIMIT = 10_000;

    private final Map<Pair, Boolean> matching = new ConcurrentHashMap<>();

    boolean match(Schema declared, Schema actual) {
        if (declared == actual) {
            return true;
        }
        if (declared == null || actual == null) {
            return false;
        }
        Pair pair = new Pair(declared, actual);
        if (matching.containsKey(pair)) {
            return true;
        }
        if (!actual.equals(declared)) {
            return false;
        }
        if (matching.size() >= LIMIT) {
            matching.clear();
        }
        matching.put(pair, Boolean.TRUE);
        return true;
    }

    private record Pair(Schema declared, Schema actual) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Pair pair && pair.declared == declared && pair.actual == actual;
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(declared) + System.identityHashCode(actual);
        }
    }
}
