package com.menuca.promo.launcher.status;

import java.util.ArrayList;
import java.util.List;

/**
 * The state of a running pipeline as an operator checks it: replication slots, consumer groups and
 * the warnings they deserve.
 *
 * @param slots    logical replication slots of the database ({@code null} when PostgreSQL was unreachable)
 * @param groups   consumer groups of the cluster ({@code null} when Kafka was unreachable)
 * @param problems what could not be read, each with its cause
 */
public record PipelineStatus(String postgres, String kafka, List<SlotLag> slots, List<GroupLag> groups,
                             List<String> warnings, List<String> problems) {

    /** Warnings for slots and groups past the thresholds, and for slots nobody consumes. */
    public static List<String> warnings(List<SlotLag> slots, List<GroupLag> groups, long slotLagWarnBytes,
                                        long consumerLagWarnRecords) {
        List<String> warnings = new ArrayList<>();
        for (SlotLag slot : slots == null ? List.<SlotLag>of() : slots) {
            if (slot.lagBytes() > slotLagWarnBytes) {
                warnings.add("slot " + slot.name() + " holds " + Bytes.human(slot.lagBytes()) + " of WAL (threshold "
                        + Bytes.human(slotLagWarnBytes) + ")" + (slot.active()
                        ? ": its consumer is behind"
                        : ": no consumer is connected; start the capture, or drop the slot if it is no longer used "
                                + "(SELECT pg_drop_replication_slot('" + slot.name() + "'))"));
            }
        }
        for (GroupLag group : groups == null ? List.<GroupLag>of() : groups) {
            if (group.lagRecords() > consumerLagWarnRecords) {
                warnings.add("consumer group " + group.group() + " is " + group.lagRecords() + " records behind (threshold "
                        + consumerLagWarnRecords + ")");
            }
        }
        return warnings;
    }
}
