package com.menuca.promo.common.kafka;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Everything one service or tool must be allowed to do on a Kafka cluster with an authorizer: the
 * least privilege it runs with. The docs' ACL lists, {@code promo acls} and the start-up check all
 * come from these declarations, so they cannot disagree.
 *
 * @param service the name users know it by ({@code capture}, {@code process}, {@code topics})
 */
public record RequiredAcls(String service, List<AclGrant> grants) {

    public RequiredAcls {
        grants = List.copyOf(grants);
    }

    /** Every ACL binding, allowing {@code principal} from any host. */
    public List<AclBinding> bindings(String principal) {
        return grants.stream().flatMap(grant -> grant.bindings(principal).stream()).toList();
    }

    /** Operations needed on literally named topics, by topic: what the start-up check can verify up front. */
    public Map<String, Set<AclOperation>> literalTopicOperations() {
        Map<String, Set<AclOperation>> topics = new TreeMap<>();
        for (AclGrant grant : grants) {
            if (grant.resourceType() == ResourceType.TOPIC && grant.patternType() == PatternType.LITERAL) {
                topics.computeIfAbsent(grant.name(), name -> java.util.EnumSet.noneOf(AclOperation.class))
                        .addAll(grant.operations());
            }
        }
        return topics;
    }

    /** One {@code kafka-acls.sh} command per grant, for an administrator to run. */
    public String kafkaAclsCommands(String principal, String bootstrapServers) {
        StringBuilder commands = new StringBuilder();
        for (AclGrant grant : grants) {
            commands.append("kafka-acls.sh --bootstrap-server ").append(bootstrapServers)
                    .append(" --command-config admin.properties ").append(grant.kafkaAclsArguments(principal)).append('\n');
        }
        return commands.toString();
    }

    /** The grants as a Markdown table: resource, operations, why. */
    public String markdownTable() {
        StringBuilder table = new StringBuilder("| resource | operations | why |\n|---|---|---|\n");
        for (AclGrant grant : grants) {
            table.append("| ").append(grant.resource()).append(" | ").append(grant.operationNames()).append(" | ")
                    .append(grant.purpose().replace("|", "\\|")).append(" |\n");
        }
        return table.toString();
    }
}
