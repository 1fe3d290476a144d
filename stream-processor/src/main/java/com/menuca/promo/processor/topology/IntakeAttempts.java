package com.menuca.promo.processor.topology;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * How often each change record has failed unexpectedly at intake, across the stream threads of this
 * process: a failure throws and Kafka Streams replaces the thread, whose task resumes from its last
 * commit and meets the same record again. Counting per record position (topic, partition, offset)
 * lets the intake give up on a record after {@link #MAX_ATTEMPTS} instead of crash-looping on it. Only
 * records that failed are held, and each only until it succeeds or is given up. Thread-safe.
 */
final class IntakeAttempts {
    /** Attempts of one record before it goes to the dead-letter topic. */
    static final int MAX_ATTEMPTS = 3;

    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    /** Counts a failure of the record; returns how many attempts of it have failed so far. */
    int failed(RecordMetadata record) {
        return failures.merge(key(record), 1, Integer::sum);
    }

    /** Forgets the record (it succeeded, or was given up). */
    void done(RecordMetadata record) {
        if (!failures.isEmpty()) {
            failures.remove(key(record));
        }
    }

    private static String key(RecordMetadata record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
