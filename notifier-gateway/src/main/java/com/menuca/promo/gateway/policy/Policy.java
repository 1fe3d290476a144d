package com.menuca.promo.gateway.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.postgres.TableCatalog;
import com.menuca.promo.schemas.cdc.CdcTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The policy file: rules granting table rows and channels to roles. A caller may see a row if any
 * rule for its role grants the table with conditions the row meets; it may join a protected channel
 * if any rule grants a matching pattern. See {@code default-policy.yaml} for the format and the
 * defaults (public active deals, restaurant staff see their restaurants, customers their own rows
 * and channels, {@code service_role} everything).
 */
public final class Policy {
    /** The built-in policy, used when no policy file is configured. */
    public static final String DEFAULT_RESOURCE = "default-policy.yaml";
    private static final YAMLMapper YAML = new YAMLMapper();

    private final List<Rule> rules;
    private final String origin;

    private Policy(List<Rule> rules, String origin) {
        this.rules = List.copyOf(rules);
        this.origin = origin;
    }

    public static Policy defaults() {
        try (InputStream in = Policy.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new PolicyException("built-in policy " + DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return parse(YAML.readTree(in), "built-in " + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new PolicyException("cannot read built-in policy: " + e.getMessage(), e);
        }
    }

    public static Policy load(Path file) {
        try {
            return parse(YAML.readTree(Files.readAllBytes(file)), file.toString());
        } catch (IOException e) {
            throw new PolicyException("cannot read policy file " + file + ": " + e.getMessage(), e);
        }
    }

    public static Policy parse(String yaml, String origin) {
        try {
            return parse(YAML.readTree(yaml), origin);
        } catch (IOException e) {
            throw new PolicyException("policy " + origin + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    /** What the principal may see, compiled once per token. */
    public Access accessFor(Principal principal) {
        return Access.compile(principal, rules.stream().filter(rule -> rule.appliesTo(principal.role())).toList());
    }

    public String origin() {
        return origin;
    }

    private static Policy parse(JsonNode root, String origin) {
        if (root == null || !root.path("rules").isArray()) {
            throw new PolicyException("policy " + origin + ": expected a top-level 'rules' list");
        }
        List<Rule> rules = new ArrayList<>();
        int index = 0;
        for (JsonNode node : root.path("rules")) {
            index++;
            String name = node.path("name").asText("rule " + index);
            String where = "policy " + origin + ", rule '" + name + "'";
            rules.add(new Rule(name, roles(node.path("roles"), where), tables(node.path("tables"), where),
                    channels(node.path("channels"), where)));
        }
        return new Policy(rules, origin);
    }

    private static Set<String> roles(JsonNode node, String where) {
        Set<String> roles = new LinkedHashSet<>();
        if (node.isTextual()) {
            roles.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(role -> roles.add(role.asText()));
        }
        if (roles.isEmpty()) {
            throw new PolicyException(where + ": 'roles' must name at least one role (or \"*\")");
        }
        return roles;
    }

    private static Map<CdcTable, List<FieldCondition>> tables(JsonNode node, String where) {
        Map<CdcTable, List<FieldCondition>> tables = new EnumMap<>(CdcTable.class);
        if (node.isMissingNode() || node.isNull()) {
            return tables;
        }
        if (node.isTextual() && node.asText().equals("*")) {
            Arrays.stream(CdcTable.values()).forEach(table -> tables.put(table, List.of()));
            return tables;
        }
        if (!node.isObject()) {
            throw new PolicyException(where + ": 'tables' must be \"*\" or a map of table name to conditions");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            CdcTable table = CdcTable.byTableName(entry.getKey()).orElseThrow(() -> new PolicyException(where
                    + ": unknown table '" + entry.getKey() + "' (tables: " + Arrays.stream(CdcTable.values())
                    .map(CdcTable::tableName).toList() + ")"));
            List<FieldCondition> conditions = conditions(entry.getValue(), where + ", table " + entry.getKey());
            for (FieldCondition condition : conditions) {
                if (TableCatalog.column(table, condition.field()).isEmpty()) {
                    throw new PolicyException(where + ": table " + entry.getKey() + " has no column '"
                            + condition.field() + "'");
                }
            }
            tables.put(table, conditions);
        }
        return tables;
    }

    private static List<ChannelGrant> channels(JsonNode node, String where) {
        List<ChannelGrant> grants = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return grants;
        }
        if (!node.isArray()) {
            throw new PolicyException(where + ": 'channels' must be a list");
        }
        for (JsonNode grant : node) {
            String pattern = grant.isTextual() ? grant.asText() : grant.path("channel").asText("");
            if (pattern.isBlank()) {
                throw new PolicyException(where + ": every channel grant needs a 'channel' pattern");
            }
            List<String> segments = List.of(pattern.split(":", -1));
            for (int i = 0; i < segments.size() - 1; i++) {
                if (segments.get(i).equals("*") && segments.size() > 1) {
                    throw new PolicyException(where + ": '*' may only be the last segment of channel pattern '" + pattern + "'");
                }
            }
            grants.add(new ChannelGrant(segments, conditions(grant.path("where"), where + ", channel " + pattern)));
        }
        return grants;
    }

    private static List<FieldCondition> conditions(JsonNode node, String where) {
        List<FieldCondition> conditions = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return conditions;
        }
        if (!node.isObject()) {
            throw new PolicyException(where + ": conditions must be a map of column to value, list of values or $claim");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            conditions.add(new FieldCondition(entry.getKey(), valueSource(entry.getValue(), where + ", " + entry.getKey())));
        }
        return conditions;
    }

    private static ValueSource valueSource(JsonNode node, String where) {
        if (node.isTextual() && node.asText().startsWith("$")) {
            String claim = node.asText().substring(1);
            if (claim.isBlank()) {
                throw new PolicyException(where + ": '$' must be followed by a claim name");
            }
            return new ValueSource.Claim(claim);
        }
        List<Object> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(scalar(value, where)));
        } else {
            values.add(scalar(node, where));
        }
        return new ValueSource.Constants(values);
    }

    private static Object scalar(JsonNode node, String where) {
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isValueNode() && !node.isNull()) {
            return node.asText();
        }
        throw new PolicyException(where + ": values must be numbers, booleans, strings or $claim");
    }
}
