package com.menuca.promo.replay;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets a replay reads in each partition: from {@code start} (inclusive) to {@code stop}
 * (exclusive). Stop is never past the end of the partition as it was when the replay began, so a
 * replay of a topic that is still being written ends.
 *
 * @param start first offset to read, per partition
 * @param stop  offset to stop before, per partition
 * @param range what was asked for, for messages
 */
record ReplayPlan(Map<TopicPartition, Long> start, Map<TopicPartition, Long> stop, ReplayRange range) {
    ReplayPlan {
        start = Collections.unmodifiableMap(new LinkedHashMap<>(start));
        stop = Collections.unmodifiableMap(new LinkedHashMap<>(stop));
    }

    /** Records in the offset ranges: the work to do (time and event filters may keep fewer). */
    long total() {
        return start.keySet().stream().mapToLong(tp -> Math.max(0, stop.get(tp) - start.get(tp))).sum();
    }

    String describe() {
        long topics = start.keySet().stream().map(TopicPartition::topic).distinct().count();
        return String.format(java.util.Locale.ROOT, "%s from %d topic(s), %d partition(s): %,d records to scan",
                range, topics, start.size(), total());
    }
}
