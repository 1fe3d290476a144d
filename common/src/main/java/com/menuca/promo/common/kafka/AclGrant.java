package com.menuca.promo.common.kafka;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Operations a service's principal must be allowed on one Kafka resource: a topic, a consumer group
 * or transactional ids, named literally or by prefix.
 *
 * @param purpose why the service needs them, for the docs
 */
public record AclGrant(ResourceType resourceType, String name, PatternType patternType, Set<AclOperation> operations,
                       String purpose) {

    public AclGrant {
        if (patternType != PatternType.LITERAL && patternType != PatternType.PREFIXED) {
            throw new IllegalArgumentException("a grant names its resource literally or by prefix, not " + patternType);
        }
        operations = Collections.unmodifiableSet(EnumSet.copyOf(operations));
    }

    public static AclGrant topic(String name, String purpose, AclOperation... operations) {
        return new AclGrant(ResourceType.TOPIC, name, PatternType.LITERAL, EnumSet.of(operations[0], operations), purpose);
    }

    public static AclGrant topicPrefix(String prefix, String purpose, AclOperation... operations) {
        return new AclGrant(ResourceType.TOPIC, prefix, PatternType.PREFIXED, EnumSet.of(operations[0], operations), purpose);
    }

    public static AclGrant group(String name, String purpose, AclOperation... operations) {
        return new AclGrant(ResourceType.GROUP, name, PatternType.LITERAL, EnumSet.of(operations[0], operations), purpose);
    }

    public static AclGrant transactionalIdPrefix(String prefix, String purpose, AclOperation... operations) {
        return new AclGrant(ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED,
                EnumSet.of(operations[0], operations), purpose);
    }

    /** The ACL bindings that allow these operations to {@code principal} ({@code User:promo-capture}) from any host. */
    public List<AclBinding> bindings(String principal) {
        ResourcePattern pattern = new ResourcePattern(resourceType, name, patternType);
        return operations.stream()
                .map(operation -> new AclBinding(pattern, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)))
                .toList();
    }

    /** The {@code kafka-acls.sh} arguments that add this grant for {@code principal}. */
    public String kafkaAclsArguments(String principal) {
        StringBuilder args = new StringBuilder("--add --allow-principal ").append(principal);
        operations.forEach(operation -> args.append(" --operation ").append(operationName(operation)));
        args.append(switch (resourceType) {
            case TOPIC -> " --topic ";
            case GROUP -> " --group ";
            case TRANSACTIONAL_ID -> " --transactional-id ";
            case CLUSTER -> " --cluster";
            default -> throw new IllegalStateException("no kafka-acls option for " + resourceType);
        });
        if (resourceType != ResourceType.CLUSTER) {
            args.append(name.equals("*") ? "'*'" : name);
        }
        if (patternType == PatternType.PREFIXED) {
            args.append(" --resource-pattern-type prefixed");
        }
        return args.toString();
    }

    /** The resource as the docs show it: {@code topic promo.deal-lifecycle}, {@code group promo-processor*}. */
    public String resource() {
        String kind = resourceType.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return kind + " `" + name + (patternType == PatternType.PREFIXED ? "*" : "") + "`"
                + (patternType == PatternType.PREFIXED ? " (prefix)" : "");
    }

    /** The operations as kafka-acls names them, comma separated. */
    public String operationNames() {
        return operations.stream().map(AclGrant::operationName).collect(Collectors.joining(", "));
    }

    /** {@code IDEMPOTENT_WRITE} as kafka-acls spells it: {@code IdempotentWrite}. */
    static String operationName(AclOperation operation) {
        StringBuilder name = new StringBuilder();
        for (String part : operation.name().split("_")) {
            name.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }
}
