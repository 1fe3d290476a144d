package com.menuca.promo.bridge.service;

import com.menuca.promo.common.kafka.AclGrant;
import com.menuca.promo.common.kafka.RequiredAcls;
import org.apache.kafka.common.acl.AclOperation;

/**
 * What the notify bridge's principal must be allowed on a Kafka cluster with an authorizer: read the
 * two topics it notifies from. It assigns their partitions itself and keeps its positions in
 * PostgreSQL, so it needs no consumer group, and it writes nothing to Kafka.
 */
public final class BridgeAcls {
    private BridgeAcls() {
    }

    public static RequiredAcls of() {
        return new RequiredAcls("notify-bridge", NotifyBridge.TOPICS.stream()
                .map(topic -> AclGrant.topic(topic.name(), "notifies its events on the seed's pg_notify channels",
                        AclOperation.READ, AclOperation.DESCRIBE))
                .toList());
    }
}
