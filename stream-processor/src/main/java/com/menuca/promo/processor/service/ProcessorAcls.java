package com.menuca.promo.processor.service;

import com.menuca.promo.common.kafka.AclGrant;
import com.menuca.promo.common.kafka.RequiredAcls;
import com.menuca.promo.processor.ProcessorConfig;
import com.menuca.promo.processor.topology.PromoTopology;
import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.derived.DerivedTopics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AclOperation;

/**
 * What the processor's principal must be allowed on a Kafka cluster with an authorizer: read the
 * change topics the topology consumes, write the derived topics, and everything Kafka Streams does
 * under its application id: the consumer group, its internal changelog and repartition topics
 * (created, read, written, purged, their configs checked) and the transactional ids of exactly-once.
 * {@code promo process --reset} deletes the group and the internal topics, hence Delete on both.
 */
public final class ProcessorAcls {
    private ProcessorAcls() {
    }

    public static RequiredAcls of(ProcessorConfig config) {
        return of(config.applicationId());
    }

    /** The ACLs of the processors running as {@code applicationId} (the names derive from it alone). */
    public static RequiredAcls of(String applicationId) {
        String id = applicationId;
        List<AclGrant> grants = new ArrayList<>();
        for (CdcTable table : PromoTopology.INPUT_TABLES) {
            grants.add(AclGrant.topic(table.topic().name(), "derives events from the changes of " + table.qualifiedName(),
                    AclOperation.READ, AclOperation.DESCRIBE));
        }
        for (Topic<?, ?> topic : DerivedTopics.all()) {
            grants.add(AclGrant.topic(topic.name(), "publishes what it derives", AclOperation.WRITE, AclOperation.DESCRIBE));
        }
        grants.add(AclGrant.topicPrefix(id + "-", "Kafka Streams' internal changelog and repartition topics",
                AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE, AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS));
        grants.add(AclGrant.group(id, "the consumer group every instance joins (Delete: `promo process --reset`)",
                AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE));
        grants.add(AclGrant.transactionalIdPrefix(id + "-", "exactly-once: one transactional producer per stream thread",
                AclOperation.WRITE, AclOperation.DESCRIBE));
        return new RequiredAcls("process", grants);
    }
}
