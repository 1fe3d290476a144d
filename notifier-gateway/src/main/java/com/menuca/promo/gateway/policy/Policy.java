package com.menuca.promo.gateway.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.filter.Operator;
import com.menuca.promo.gateway.postgres.Column;
import com.menuca.promo.gateway.postgres.PgType;
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
 * The policy file: rules granting table rows and channels to roles and claims. A caller may see a
 * row if any rule that applies to its token grants the table with conditions the row meets; it may
 * join a protected channel if any such rule grants a matching pattern. See {@code default-policy.yaml}
 * for the format and the defaults (live deals are public, restaurant staff see their restaurants,
 * customers their own rows and channels, {@code service_role} everything; the project's own tokens
 * and Supabase Auth's alike).
 */
public final class Policy {
    /** The built-in policy, used when no policy file is configured. */
    public static final String DEFAULT_RESOURCE = "default-policy.yaml";
    private static final YAMLMapper YAML = new YAMLMapper();
    /** What a channel grant may say. */
    private static final List<String> GRANT_FIELDS = List.of("channel", "where", "broadcast", "presence", "presence_key");

    private final List<Rule> rules;
    /** Per rule, its grants when it names no claim (the same for every caller), else null. */
    private final List<Access.RuleGrants> shared;
    private final String origin;

    private Policy(List<Rule> rules, String origin) {
        this.rules = List.copyOf(rules);
        this.origin = origin;
        List<Access.RuleGrants> compiled = new ArrayList<>();
        for (Rule rule : this.rules) {
            compiled.add(rule.namesClaims() ? null : Access.RuleGrants.compile(rule, null));
        }
        this.shared = java.util.Collections.unmodifiableList(compiled);
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

    /**
     * What the principal may see: the shared grants of the claim-free rules that apply to it, and
     * the grants of the claim rules that apply compiled with its claims.
     */
    public Access accessFor(Principal principal) {
        List<Access.RuleGrants> grants = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (rule.appliesTo(principal)) {
                Access.RuleGrants common = shared.get(i);
                grants.add(common != null ? common : Access.RuleGrants.compile(rule, principal));
            }
        }
        return new Access(principal, grants);
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
            Set<String> claims = claims(node.path("claims"), where);
            rules.add(new Rule(name, roles(node.path("roles"), !claims.isEmpty(), where), claims,
                    tables(node.path("tables"), where), channels(node.path("channels"), where)));
        }
        return new Policy(rules, origin);
    }

    private static Set<String> roles(JsonNode node, boolean claimsGiven, String where) {
        Set<String> roles = names(node, where, "roles");
        if (roles.isEmpty() && !claimsGiven) {
            throw new PolicyException(where + ": 'roles' must name at least one role (or \"*\"), or 'claims' the claims "
                    + "a token must carry");
        }
        return roles;
    }

    private static Set<String> claims(JsonNode node, String where) {
        Set<String> claims = names(node, where, "claims");
        for (String claim : claims) {
            if (claim.startsWith("$") || claim.isBlank()) {
                throw new PolicyException(where + ": 'claims' lists claim names or paths such as app_metadata.restaurant_ids"
                        + " (without '$'), got '" + claim + "'");
            }
        }
        return claims;
    }

    private static Set<String> names(JsonNode node, String where, String field) {
        Set<String> names = new LinkedHashSet<>();
        if (node.isTextual()) {
            names.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(name -> names.add(name.asText()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            throw new PolicyException(where + ": '" + field + "' must be a name or a list of names");
        }
        return names;
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
            List<FieldCondition> conditions = conditions(entry.getValue(), where + ", table " + entry.getKey(), true);
            for (FieldCondition condition : conditions) {
                checkColumn(table, condition, where + ", table " + entry.getKey());
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
            for (String segment : segments) {
                if (segment.contains("*") && !segment.equals("*")) {
                    throw new PolicyException(where + ": '*' must be a whole segment of channel pattern '" + pattern + "'");
                }
            }
            String at = where + ", channel " + pattern;
            if (grant.isObject()) {
                for (Iterator<String> names = grant.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!GRANT_FIELDS.contains(name)) {
                        // a misspelt presence_key would otherwise allow any key
                        throw new PolicyException(at + ": unknown field '" + name + "' (fields: " + GRANT_FIELDS + ")");
                    }
                }
            }
            grants.add(new ChannelGrant(segments, conditions(grant.path("where"), at, false), rights(grant, at)));
        }
        return grants;
    }

    /**
     * {@code broadcast: [read, write]} (receive broadcasts clients send on the channel; send them),
     * {@code presence: [read, write]} (receive the presence state and its changes; track), and
     * {@code presence_key: value | [values] | $claim} (the keys a tracker may use).
     */
    private static ChannelGrant.Rights rights(JsonNode grant, String where) {
        if (!grant.isObject()) {
            return ChannelGrant.Rights.NONE;
        }
        Set<String> broadcast = actions(grant.path("broadcast"), where, "broadcast");
        Set<String> presence = actions(grant.path("presence"), where, "presence");
        JsonNode keyNode = grant.path("presence_key");
        ValueSource key = null;
        if (!keyNode.isMissingNode() && !keyNode.isNull()) {
            if (!presence.contains("write")) {
                throw new PolicyException(where + ": presence_key limits the keys of trackers; it needs presence: [write]");
            }
            key = valueSource(keyNode, where + ", presence_key");
            if (key instanceof ValueSource.Now) {
                throw new PolicyException(where + ": presence_key must be a value, a list of values or a $claim");
            }
        }
        return new ChannelGrant.Rights(broadcast.contains("read"), broadcast.contains("write"), presence.contains("read"),
                presence.contains("write"), key);
    }

    private static Set<String> actions(JsonNode node, String where, String field) {
        Set<String> actions = names(node, where, field);
        for (String action : actions) {
            if (!action.equals("read") && !action.equals("write")) {
                throw new PolicyException(where + ": unknown " + field + " action '" + action
                        + "' (read: receive, write: send)");
            }
        }
        return actions;
    }

    /**
     * {@code field: value | [values] | $claim} (equality), and for rows also {@code field: {op: operand}}
     * with op one of eq, neq, lt, lte, gt, gte, in, an operand of a constant, {@code $claim} (eq, in) or
     * {@code now()}, and {@code or_null: true} to let SQL NULL pass.
     */
    private static List<FieldCondition> conditions(JsonNode node, String where, boolean rows) {
        List<FieldCondition> conditions = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return conditions;
        }
        if (!node.isObject()) {
            throw new PolicyException(where + ": conditions must be a map of column to value, list of values or $claim");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String at = where + ", " + entry.getKey();
            if (!entry.getValue().isObject()) {
                conditions.add(FieldCondition.equality(entry.getKey(), valueSource(entry.getValue(), at)));
            } else if (!rows) {
                throw new PolicyException(at + ": event conditions are equalities (value, [values] or $claim)");
            } else {
                conditions.add(comparison(entry.getKey(), entry.getValue(), at));
            }
        }
        return conditions;
    }

    private static FieldCondition comparison(String field, JsonNode node, String where) {
        Operator operator = null;
        JsonNode operand = null;
        boolean orNull = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().equals("or_null")) {
                if (!entry.getValue().isBoolean()) {
                    throw new PolicyException(where + ": or_null must be true or false");
                }
                orNull = entry.getValue().booleanValue();
                continue;
            }
            Operator op = Operator.byToken(entry.getKey()).orElseThrow(() -> new PolicyException(where + ": unknown operator '"
                    + entry.getKey() + "' (eq, neq, lt, lte, gt, gte, in, or_null)"));
            if (operator != null) {
                throw new PolicyException(where + ": one operator per column (write two rules for OR)");
            }
            operator = op;
            operand = entry.getValue();
        }
        if (operator == null) {
            throw new PolicyException(where + ": a condition map needs an operator (eq, neq, lt, lte, gt, gte, in)");
        }
        ValueSource source = valueSource(operand, where);
        boolean equality = operator == Operator.EQ || operator == Operator.IN;
        if (source instanceof ValueSource.Claim && !equality) {
            throw new PolicyException(where + ": a $claim can only be compared with eq or in");
        }
        if (source instanceof ValueSource.Constants constants && operator != Operator.IN && operator != Operator.NEQ
                && constants.values().size() != 1) {
            throw new PolicyException(where + ": " + operator.token() + " takes one value");
        }
        return new FieldCondition(field, operator, source, orNull);
    }

    private static void checkColumn(CdcTable table, FieldCondition condition, String where) {
        Column column = TableCatalog.column(table, condition.field()).orElseThrow(() -> new PolicyException(where
                + ": table " + table.tableName() + " has no column '" + condition.field() + "'"));
        if (condition.operand() instanceof ValueSource.Now && column.type() != PgType.TIMESTAMPTZ) {
            throw new PolicyException(where + ": " + ValueSource.NOW_TEXT + " compares with timestamptz columns, not "
                    + column.name() + " (" + column.type().wireName() + ")");
        }
        if (condition.operand() instanceof ValueSource.Constants constants) {
            for (Object value : constants.values()) {
                try {
                    column.type().parseLiteral(String.valueOf(value));
                } catch (IllegalArgumentException e) {
                    throw new PolicyException(where + ": column " + column.name() + ": " + e.getMessage());
                }
            }
        }
    }

    private static ValueSource valueSource(JsonNode node, String where) {
        if (node.isTextual() && node.asText().equals(ValueSource.NOW_TEXT)) {
            return new ValueSource.Now();
        }
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
