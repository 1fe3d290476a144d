package com.menuca.promo.gateway.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.filter.Condition;
import com.menuca.promo.gateway.filter.Operator;
import com.menuca.promo.gateway.filter.RowFilter;
import com.menuca.promo.gateway.postgres.Column;
import com.menuca.promo.gateway.postgres.TableCatalog;
import com.menuca.promo.gateway.postgres.TypedRow;
import com.menuca.promo.gateway.subscription.ChangeType;
import com.menuca.promo.schemas.cdc.CdcTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one token may see, compiled from the policy's rules that apply to it with its claims filled
 * in. Immutable and cheap to query: checked for every row image and event delivered. Conditions on
 * {@code now()} are compared with the clock at each check.
 *
 * <p>An access is the caller's principal and one {@link RuleGrants} per rule that applies to it. A
 * rule that names no claim compiles to the same grants for every caller, so those are compiled once
 * per policy and shared ({@link Policy#accessFor}); only the grants of claim rules (the caller's own
 * restaurant or customer) are compiled per token, into right-sized immutable lists.
 */
public final class Access {
    /**
     * One condition on a column, compiled for a caller: an operator and its operands typed like the
     * column ({@code now} instead: compared with the time of the check).
     */
    private record Test(Column column, Operator operator, List<Comparable<?>> operands, boolean now, boolean orNull) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        boolean accepts(Comparable value, Instant at) {
            if (value == null) {
                return orNull;
            }
            if (now) {
                return operator.accepts(value.compareTo(at));
            }
            if (operator == Operator.NEQ) {
                for (Comparable<?> operand : operands) {
                    if (value.compareTo(operand) == 0) {
                        return false;
                    }
                }
                return true;
            }
            for (Comparable<?> operand : operands) {
                if (operator.accepts(value.compareTo(operand))) {
                    return true;
                }
            }
            return false;
        }

        /** Pins the column to a set of values (what a join's filter can be compared with). */
        boolean pins() {
            return !now && !orNull && (operator == Operator.EQ || operator == Operator.IN);
        }
    }

    /** An event field pinned to a set of allowed values (numbers as Long). */
    record EventTest(String field, Set<Object> allowed) {
    }

    /**
     * A channel pattern with its event conditions and the client broadcast and presence rights it
     * gives ({@code presenceKeys} null: any key); {@code only} is the event filter of a join that
     * matches this grant alone (built once, not per join).
     */
    private record Grant(List<Object> segments, List<EventTest> where, EventFilter only, ChannelGrant.Rights rights,
                         Set<String> presenceKeys) {
        Grant(List<Object> segments, List<EventTest> where, ChannelGrant.Rights rights, Set<String> presenceKeys) {
            this(segments, where, where.isEmpty() ? EventFilter.ALL : new EventFilter(List.of(where)), rights,
                    presenceKeys);
        }
    }

    /** A segment matching any value of a claim (compiled from {@code $claim}). */
    private record ClaimSegment(Set<String> values) {
    }

    /**
     * What one rule grants one caller: for each table it grants, the conditions a row must meet (all
     * of them), and its channel grants. Immutable; shared by every caller when the rule names no claim.
     */
    static final class RuleGrants {
        private final Map<CdcTable, List<Test>> tables;
        private final List<Grant> channels;

        private RuleGrants(Map<CdcTable, List<Test>> tables, List<Grant> channels) {
            this.tables = tables;
            this.channels = channels;
        }

        /** The rule's grants with the principal's claims filled in (none needed for a claim-free rule). */
        static RuleGrants compile(Rule rule, Principal principal) {
            Map<CdcTable, List<Test>> tables = new EnumMap<>(CdcTable.class);
            rule.tables().forEach((table, conditions) -> tables.put(table, tests(principal, table, conditions)));
            List<Grant> channels = new ArrayList<>(rule.channels().size());
            for (ChannelGrant grant : rule.channels()) {
                ValueSource key = grant.rights().presenceKey();
                Set<String> keys = key == null ? null : key.resolve(principal).stream().map(String::valueOf)
                        .collect(Collectors.toUnmodifiableSet());
                channels.add(new Grant(segments(principal, grant.pattern()), grant.where().stream()
                        .map(c -> new EventTest(c.field(), normalized(c.operand().resolve(principal)))).toList(),
                        grant.rights(), keys));
            }
            // one table (a claim rule's usual shape): the smallest map; several: indexed by ordinal
            return new RuleGrants(tables.size() <= 1 ? Map.copyOf(tables) : tables, List.copyOf(channels));
        }
    }

    /** {@code *} as the last segment: the rest of the name, one or more segments. */
    private static final Object REST = new Object();
    /** {@code *} before the last segment: any one segment. */
    private static final Object ONE = new Object();

    private final Principal principal;
    private final List<RuleGrants> rules;

    Access(Principal principal, List<RuleGrants> rules) {
        this.principal = principal;
        this.rules = List.copyOf(rules);
    }

    private static List<Test> tests(Principal principal, CdcTable table, List<FieldCondition> conditions) {
        List<Test> tests = new ArrayList<>(conditions.size());
        for (FieldCondition condition : conditions) {
            Column column = TableCatalog.column(table, condition.field()).orElseThrow();
            if (condition.operand() instanceof ValueSource.Now) {
                tests.add(new Test(column, condition.operator(), List.of(), true, condition.orNull()));
                continue;
            }
            List<Comparable<?>> operands = new ArrayList<>();
            for (Object value : condition.operand().resolve(principal)) {
                try {
                    operands.add(column.type().parseLiteral(String.valueOf(value)));
                } catch (IllegalArgumentException e) {
                    // a claim value of the wrong type can never equal the column: it grants nothing
                }
            }
            tests.add(new Test(column, condition.operator(), List.copyOf(operands), false, condition.orNull()));
        }
        return List.copyOf(tests);
    }

    private static List<Object> segments(Principal principal, List<String> pattern) {
        List<Object> segments = new ArrayList<>(pattern.size());
        for (int i = 0; i < pattern.size(); i++) {
            String segment = pattern.get(i);
            if (segment.equals("*")) {
                segments.add(i == pattern.size() - 1 ? REST : ONE);
            } else if (segment.startsWith("$")) {
                segments.add(new ClaimSegment(principal.claimValues(segment.substring(1)).stream()
                        .map(String::valueOf).collect(Collectors.toUnmodifiableSet())));
            } else {
                segments.add(segment);
            }
        }
        return List.copyOf(segments);
    }

    public Principal principal() {
        return principal;
    }

    /** Whether any rule grants rows of the table at all. */
    public boolean mayRead(CdcTable table) {
        for (int i = 0, n = rules.size(); i < n; i++) {
            if (rules.get(i).tables.containsKey(table)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the row image may be delivered to this caller. */
    public boolean canSee(CdcTable table, ObjectNode row) {
        return row != null && canSee(table, new TypedRow(row));
    }

    /**
     * {@link #canSee(CdcTable, ObjectNode)} on a row whose typed values are shared with other checks.
     * Conditions on {@code now()} compare with the time of this call.
     */
    public boolean canSee(CdcTable table, TypedRow row) {
        if (row == null) {
            return false;
        }
        Instant now = null; // read once, and only by a rule that compares with now()
        for (int i = 0, n = rules.size(); i < n; i++) {
            List<Test> tests = rules.get(i).tables.get(table);
            if (tests == null) {
                continue;
            }
            boolean all = true;
            for (int t = 0, m = tests.size(); t < m && all; t++) {
                Test test = tests.get(t);
                if (test.now() && now == null) {
                    now = Instant.now();
                }
                all = test.accepts(row.value(test.column()), now);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /**
     * What of a change this caller may see: its type as delivered to this caller, or null for nothing.
     * Both images are checked: an UPDATE whose old row it may not see arrives as an INSERT of the new
     * row (the row moved into its view), one whose new row it may not see as a DELETE of the old row
     * (the row left its view); a DELETE or INSERT whose only row it may not see is not delivered.
     *
     * @param before the old row (UPDATE, DELETE), or null when the change carries none
     * @param after  the new row (INSERT, UPDATE), or null
     */
    public ChangeType visibleAs(CdcTable table, ChangeType type, TypedRow before, TypedRow after) {
        return switch (type) {
            case INSERT -> canSee(table, after) ? ChangeType.INSERT : null;
            case DELETE -> canSee(table, before) ? ChangeType.DELETE : null;
            case UPDATE -> {
                boolean sawOld = before != null && canSee(table, before);
                boolean seesNew = canSee(table, after);
                if (seesNew) {
                    yield sawOld || before == null ? ChangeType.UPDATE : ChangeType.INSERT;
                }
                yield sawOld ? ChangeType.DELETE : null;
            }
        };
    }

    /**
     * Why a subscription on the table with this filter is refused, or empty when it is allowed.
     * Refused: no rule grants the table, or the filter pins a column to values no grant allows (a
     * filter that asks for another tenant's rows is an error, not an empty stream).
     */
    public Optional<String> refusal(CdcTable table, RowFilter filter) {
        if (!mayRead(table)) {
            return Optional.of("role '" + principal.role() + "' may not read " + table.qualifiedName());
        }
        String conflict = null;
        for (RuleGrants rule : rules) {
            List<Test> alternative = rule.tables.get(table);
            if (alternative == null) {
                continue;
            }
            String disjoint = disjointness(alternative, filter);
            if (disjoint == null) {
                return Optional.empty();
            }
            conflict = disjoint;
        }
        return Optional.of("filter '" + filter.text() + "' asks for rows of " + table.qualifiedName()
                + " this token may not see (" + conflict + ")");
    }

    /** A reason the filter can never match rows the alternative allows, or null if it may. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String disjointness(List<Test> alternative, RowFilter filter) {
        Instant now = Instant.now();
        for (Test test : alternative) {
            if (!test.pins()) {
                continue;
            }
            for (Condition condition : filter.conditions()) {
                if (!condition.isEquality() || !condition.column().equals(test.column())) {
                    continue;
                }
                boolean overlap = condition.values().stream().anyMatch(v -> test.accepts((Comparable) v, now));
                if (!overlap) {
                    return test.column().name() + " is limited to " + test.operands();
                }
            }
        }
        return null;
    }

    /**
     * Which events of the channel this caller may receive, or empty if it may not join the channel.
     */
    public Optional<EventFilter> channelAccess(String channel) {
        String[] parts = channel.split(":", -1);
        Grant first = null;
        List<List<EventTest>> matching = null;
        for (RuleGrants rule : rules) {
            for (Grant grant : rule.channels) {
                if (!matches(grant.segments(), parts)) {
                    continue;
                }
                if (grant.where().isEmpty()) {
                    return Optional.of(EventFilter.ALL);
                }
                if (first == null) {
                    first = grant;
                } else if (!grant.where().equals(first.where())
                        && (matching == null || !matching.contains(grant.where()))) {
                    // a grant repeating another's conditions (one that adds presence or broadcast rights) adds no events
                    if (matching == null) {
                        matching = new ArrayList<>();
                        matching.add(first.where());
                    }
                    matching.add(grant.where());
                }
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        // one matching grant (the usual case): its filter, shared by every join it admits
        return Optional.of(matching == null ? first.only() : new EventFilter(List.copyOf(matching)));
    }

    /**
     * What this caller may do on the channel besides receiving its events: the union of the client
     * broadcast and presence rights of every grant whose pattern matches. Presence keys: any, if a
     * matching grant gives presence write without {@code presence_key}; else the keys those grants list.
     */
    public ChannelRights channelRights(String channel) {
        String[] parts = channel.split(":", -1);
        boolean broadcastRead = false;
        boolean broadcastWrite = false;
        boolean presenceRead = false;
        boolean presenceWrite = false;
        boolean anyKey = false;
        Set<String> keys = new HashSet<>();
        for (RuleGrants rule : rules) {
            for (Grant grant : rule.channels) {
                if (!matches(grant.segments(), parts)) {
                    continue;
                }
                ChannelGrant.Rights rights = grant.rights();
                broadcastRead |= rights.broadcastRead();
                broadcastWrite |= rights.broadcastWrite();
                presenceRead |= rights.presenceRead();
                if (rights.presenceWrite()) {
                    presenceWrite = true;
                    if (grant.presenceKeys() == null) {
                        anyKey = true;
                    } else {
                        keys.addAll(grant.presenceKeys());
                    }
                }
            }
        }
        if (!(broadcastRead || broadcastWrite || presenceRead || presenceWrite)) {
            return ChannelRights.NONE;
        }
        return new ChannelRights(broadcastRead, broadcastWrite, presenceRead, presenceWrite,
                anyKey ? null : keys);
    }

    private static boolean matches(List<Object> segments, String[] parts) {
        for (int i = 0; i < segments.size(); i++) {
            Object segment = segments.get(i);
            if (segment == REST) {
                return parts.length > i;
            }
            if (i >= parts.length) {
                return false;
            }
            if (segment == ONE) {
                continue;
            }
            if (segment instanceof ClaimSegment claim ? !claim.values().contains(parts[i]) : !segment.equals(parts[i])) {
                return false;
            }
        }
        return segments.size() == parts.length;
    }

    private static Set<Object> normalized(Set<Object> values) {
        Set<Object> out = new HashSet<>();
        for (Object value : values) {
            out.add(value instanceof String text && text.matches("-?\\d{1,18}") ? Long.valueOf(text)
                    : value instanceof Number n ? n.longValue() : value);
        }
        return Set.copyOf(out);
    }

    static Object normalize(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        String text = node.asText();
        return isLong(text) ? Long.valueOf(text) : text;
    }

    /** An optional minus and one to eighteen ASCII digits (what a long holds for sure), without a regular expression per event. */
    private static boolean isLong(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        int digits = text.length() - start;
        if (digits < 1 || digits > 18) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
