package com.menuca.promo.launcher;

import com.menuca.promo.common.kafka.AclGrant;
import com.menuca.promo.common.kafka.RequiredAcls;
import com.menuca.promo.catalog.Catalog;
import java.util.List;
import org.apache.kafka.common.acl.AclOperation;

/** What the operator tools' principals must be allowed on a Kafka cluster with an authorizer. */
final class ToolAcls {
    private ToolAcls() {
    }

    /** {@code promo topics apply|check}: create topics under the catalogue's prefixes, raise partitions, set configs. */
    static RequiredAcls topics(Catalog catalog) {
        return new RequiredAcls("topics", catalog.ownedPrefixes().stream()
                .map(prefix -> AclGrant.topicPrefix(prefix, "creates, checks and corrects the catalogue's topics",
                        AclOperation.CREATE, AclOperation.ALTER, AclOperation.ALTER_CONFIGS, AclOperation.DESCRIBE,
                        AclOperation.DESCRIBE_CONFIGS))
                .toList());
    }

    /** {@code promo replay}: read any catalogue topic, without a consumer group. */
    static RequiredAcls replay(Catalog catalog) {
        return new RequiredAcls("replay", catalog.ownedPrefixes().stream()
                .map(prefix -> AclGrant.topicPrefix(prefix, "reads the history of the catalogue's topics",
                        AclOperation.READ, AclOperation.DESCRIBE))
                .toList());
    }

    /** {@code promo status}: every consumer group's committed offsets and the end of the topics they read. */
    static RequiredAcls status() {
        return new RequiredAcls("status", List.of(
                AclGrant.group("*", "lists every consumer group and reads its committed offsets", AclOperation.DESCRIBE),
                AclGrant.topic("*", "reads the end offsets of the topics the groups consume", AclOperation.DESCRIBE)));
    }
}
