package com.menuca.promo.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;

/** A service's ACLs as an administrator reads and runs them. */
class AclGrantTest {
    private final RequiredAcls acls = new RequiredAcls("process", List.of(
            AclGrant.topic("promo.deal-lifecycle", "publishes events", AclOperation.WRITE, AclOperation.DESCRIBE),
            AclGrant.topicPrefix("promo-processor-", "internal topics", AclOperation.CREATE),
            AclGrant.transactionalIdPrefix("promo-processor-", "exactly-once", AclOperation.WRITE),
            AclGrant.group("*", "every group", AclOperation.DESCRIBE)));

    @Test
    void shouldPrintKafkaAclsCommandsForThePrincipal() {
        assertThat(acls.kafkaAclsCommands("User:promo-processor", "kafka:9093").lines().toList()).containsExactly(
                "kafka-acls.sh --bootstrap-server kafka:9093 --command-config admin.properties --add --allow-principal "
                        + "User:promo-processor --operation Write --operation Describe --topic promo.deal-lifecycle",
                "kafka-acls.sh --bootstrap-server kafka:9093 --command-config admin.properties --add --allow-principal "
                        + "User:promo-processor --operation Create --topic promo-processor- --resource-pattern-type prefixed",
                "kafka-acls.sh --bootstrap-server kafka:9093 --command-config admin.properties --add --allow-principal "
                        + "User:promo-processor --operation Write --transactional-id promo-processor- --resource-pattern-type prefixed",
                "kafka-acls.sh --bootstrap-server kafka:9093 --command-config admin.properties --add --allow-principal "
                        + "User:promo-processor --operation Describe --group '*'");
    }

    @Test
    void shouldAllowEachOperationFromAnyHostAndListTheLiteralTopicsToCheck() {
        assertThat(acls.bindings("User:p")).hasSize(5).allSatisfy(binding -> {
            assertThat(binding.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
            assertThat(binding.entry().host()).isEqualTo("*");
            assertThat(binding.entry().principal()).isEqualTo("User:p");
        });
        assertThat(acls.bindings("User:p").get(2).pattern().patternType()).isEqualTo(PatternType.PREFIXED);
        assertThat(acls.literalTopicOperations()).containsOnlyKeys("promo.deal-lifecycle");
        assertThat(acls.markdownTable()).contains("| topic `promo-processor-*` (prefix) | Create | internal topics |");
    }
}
