package com.menuca.promo.gateway.feed;

import com.menuca.promo.common.kafka.AclGrant;
import com.menuca.promo.common.kafka.RequiredAcls;
import com.menuca.promo.schemas.gateway.GatewayTopics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.acl.AclOperation;

/**
 * What the gateway's principal must be allowed on a Kafka cluster with an authorizer: read every
 * topic its feed and replays read, and read and write the two topics the gateway instances share
 * (presence, client broadcasts). Every consumer assigns partitions itself and commits nothing, so no
 * consumer group is needed; the producer of the shared topics is idempotent, not transactional.
 */
public final class GatewayAcls {
    private GatewayAcls() {
    }

    public static RequiredAcls of() {
        List<AclGrant> grants = new ArrayList<>(Arrays.stream(FeedTopic.values())
                .map(topic -> AclGrant.topic(topic.topicName(), topic.table() != null
                                ? "postgres_changes of " + topic.table().qualifiedName() + ", live and resumed"
                                : "broadcasts its events to the channels they belong to",
                        AclOperation.READ, AclOperation.DESCRIBE))
                .toList());
        grants.add(AclGrant.topic(GatewayTopics.PRESENCE.name(),
                "shares its clients' presence and its heartbeat with the other gateways, reads theirs",
                AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE));
        grants.add(AclGrant.topic(GatewayTopics.BROADCASTS.name(),
                "shares the broadcasts its clients send with the other gateways, reads theirs",
                AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE));
        return new RequiredAcls("gateway", grants);
    }
}
