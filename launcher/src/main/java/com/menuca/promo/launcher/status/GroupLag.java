package com.menuca.promo.launcher.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group (a service: the stream processor's application id, a gateway instance) is
 * behind: for every partition it committed an offset on, the log end minus that offset, summed.
 *
 * @param partitions partitions with a committed offset
 * @param lagRecords records written but not yet consumed by the group
 */
public record GroupLag(@JsonProperty("group") String group, @JsonProperty("state") String state,
                       @JsonProperty("partitions") int partitions, @JsonProperty("lag_records") long lagRecords) {

    /** Lag of a group whose offsets could not be read (the cause is in {@code state}). */
    public static final long UNKNOWN = -1;

    /** Every group of the cluster that consumes topics (Kafka Connect's worker groups are left out), by name. */
    public static List<GroupLag> read(Admin admin, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        Collection<GroupListing> groups = admin.listGroups().all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<GroupLag> lags = new ArrayList<>();
        for (GroupListing group : groups.stream().sorted(java.util.Comparator.comparing(GroupListing::groupId)).toList()) {
            if ("connect".equals(group.protocol())) {
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> committed;
            try {
                committed = new java.util.HashMap<>(admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                lags.add(new GroupLag(group.groupId(), "offsets unreadable: " + e.getCause().getMessage(), 0, UNKNOWN));
                continue;
            }
            committed.values().removeIf(java.util.Objects::isNull);
            if (committed.isEmpty()) {
                lags.add(new GroupLag(group.groupId(), state(group), 0, 0));
                continue;
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(committed.keySet().stream()
                    .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest())))
                    .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long lag = committed.entrySet().stream()
                    .mapToLong(e -> Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset())).sum();
            lags.add(new GroupLag(group.groupId(), state(group), committed.size(), lag));
        }
        return lags;
    }

    private static String state(GroupListing group) {
        return group.groupState().map(s -> s.toString().toLowerCase(java.util.Locale.ROOT)).orElse("unknown");
    }
}
