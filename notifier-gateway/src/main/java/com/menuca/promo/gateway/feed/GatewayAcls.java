package com.menuca.promo.gateway.feed;

import com.menuca.promo.common.kafka.AclGrant;
import com.menuca.promo.common.kafka.RequiredAcls;
import java.util.Arrays;
import org.apache.kafka.common.acl.AclOperation;

/**
 * What the gateway's principal must be allowed on a Kafka cluster with an authorizer: read every
 * topic its feed and replays read. Both assign partitions themselves and commit nothing, so no
 * consumer group is needed, and the gateway writes nothing.
 */
public final class GatewayAcls {
    private GatewayAcls() {
    }

    public static RequiredAcls of() {
        return new RequiredAcls("gateway", Arrays.stream(FeedTopic.values())
                .map(topic -> AclGrant.topic(topic.topicName(), topic.table() != null
                                ? "postgres_changes of " + topic.table().qualifiedName() + ", live and resumed"
                                : "broadcasts its events to the channels they belong to",
                        AclOperation.READ, AclOperation.DESCRIBE))
                .toList());
    }
}
