package com.menuca.promo.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.gateway.auth.AuthException;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.auth.TokenVerifier;
import com.menuca.promo.gateway.channel.ChannelKind;
import com.menuca.promo.gateway.channel.ChannelNames;
import com.menuca.promo.gateway.channel.EventRoutes;
import com.menuca.promo.gateway.channel.ResolvedChannel;
import com.menuca.promo.gateway.feed.FeedTopic;
import com.menuca.promo.gateway.filter.FilterException;
import com.menuca.promo.gateway.filter.FilterParser;
import com.menuca.promo.gateway.filter.RowFilter;
import com.menuca.promo.gateway.protocol.Echo;
import com.menuca.promo.gateway.policy.Access;
import com.menuca.promo.gateway.policy.EventFilter;
import com.menuca.promo.gateway.policy.Policy;
import com.menuca.promo.gateway.resume.InvalidPositionException;
import com.menuca.promo.gateway.resume.Position;
import com.menuca.promo.gateway.resume.PositionKey;
import com.menuca.promo.gateway.subscription.Binding;
import com.menuca.promo.gateway.subscription.ChangeType;
import com.menuca.promo.gateway.subscription.ChannelSession;
import com.menuca.promo.schemas.cdc.CdcTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a {@code phx_join} and builds its channel session: the token (the join's
 * {@code access_token} or the socket's), the channel name against the policy, every
 * postgres_changes binding (event, schema, table, filter) against the catalogue and the policy, and
 * the resume position. The reply echoes the bindings in order, each with an id that is the same for
 * the same binding on every socket, so sockets with the same subscriptions share encoded frames.
 */
final class ChannelJoiner {
    /** A join that passed every check. */
    record Prepared(ChannelSession session, ArrayNode replyBindings, Position resume) {
    }

    /** Longest filter of a binding (it is echoed in the join reply and parsed per binding). */
    static final int MAX_FILTER_CHARS = 1_024;

    private final TokenVerifier verifier;
    private final Policy policy;
    private final int maxBindings;
    private final PositionKey positions;

    ChannelJoiner(TokenVerifier verifier, Policy policy, int maxBindings, PositionKey positions) {
        this.verifier = verifier;
        this.policy = policy;
        this.maxBindings = maxBindings;
        this.positions = positions;
    }

    Prepared prepare(Connection connection, String channelName, String joinRef, JsonNode payload) throws JoinRefusal {
        Principal principal = principal(connection, payload.path("access_token"));
        Access access = connection.accessFor(principal, policy);
        // interned: a channel many sockets join (a restaurant's deals) is then one name, not one per socket
        ResolvedChannel channel = ChannelNames.resolve(channelName.intern());
        EventFilter events = EventFilter.ALL;
        if (channel.isProtected()) {
            events = access.channelAccess(channel.canonical()).orElseThrow(() -> new JoinRefusal("Unauthorized",
                    "role '" + principal.role() + "' may not join channel '" + Echo.prefix(channel.canonical()) + "'"
                            + (channel.isAlias() ? " (alias '" + Echo.prefix(channelName) + "')" : "")));
        }
        JsonNode config = payload.path("config");
        List<BindingSpec> specs = bindings(config.path("postgres_changes"), access, maxBindings);
        long mask = 0;
        for (BindingSpec spec : specs) {
            for (CdcTable table : spec.filters().keySet()) {
                mask |= 1L << FeedTopic.of(table).code();
            }
        }
        FeedTopic source = channel.kind() == ChannelKind.EVENTS ? EventRoutes.sourceOf(channel.canonical()) : null;
        if (source != null) {
            mask |= 1L << source.code();
        }
        ChannelSession session = new ChannelSession(connection, channel, joinRef, access, events, mask);
        session.setOptions(JoinOptionsReader.read(config, session.rights(), principal, channel));
        ArrayNode reply = JsonNodeFactory.instance.arrayNode();
        Set<Integer> ids = new HashSet<>();
        List<Binding> bindings = new ArrayList<>();
        for (BindingSpec spec : specs) {
            int id = spec.id();
            while (!ids.add(id)) {
                id = id == Integer.MAX_VALUE ? 1 : id + 1;
            }
            for (var tableFilter : spec.filters().entrySet()) {
                bindings.add(new Binding(session, id, spec.type(), tableFilter.getKey(), tableFilter.getValue()));
            }
            ObjectNode echoed = spec.echo().deepCopy();
            echoed.put("id", id);
            reply.add(echoed);
        }
        session.setBindings(bindings);
        return new Prepared(session, reply, resume(config.path("resume")));
    }

    private Principal principal(Connection connection, JsonNode accessToken) throws JoinRefusal {
        if (accessToken.isTextual() && !accessToken.asText().isBlank()) {
            try {
                return connection.tokens().verify(accessToken.asText(), verifier, java.time.Instant.now());
            } catch (AuthException e) {
                throw new JoinRefusal("InvalidJWTToken", e.getMessage());
            }
        }
        if (connection.principal().isExpired(java.time.Instant.now())) {
            throw new JoinRefusal("InvalidJWTToken", "token expired: send a fresh access_token");
        }
        return connection.principal();
    }

    /** One entry of config.postgres_changes: a table, or all readable tables for {@code table: '*'}. */
    private record BindingSpec(int id, ChangeType type, java.util.Map<CdcTable, RowFilter> filters, ObjectNode echo) {
    }

    private static List<BindingSpec> bindings(JsonNode node, Access access, int maxBindings) throws JoinRefusal {
        List<BindingSpec> specs = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return specs;
        }
        if (!node.isArray()) {
            throw new JoinRefusal("InvalidJoinPayload", "config.postgres_changes must be a list of {event, schema, table, filter}");
        }
        if (node.size() > maxBindings) {
            throw new JoinRefusal("TooManyBindings", node.size() + " postgres_changes bindings in one join; at most "
                    + maxBindings + " (gateway.max.bindings.per.join): use several channels");
        }
        for (JsonNode binding : node) {
            if (!binding.isObject()) {
                throw new JoinRefusal("InvalidJoinPayload", "each postgres_changes entry must be an object");
            }
            String event = binding.path("event").asText("*");
            Optional<ChangeType> type = ChangeType.parseBindingEvent(event).orElseThrow(() -> new JoinRefusal(
                    "InvalidEvent", "postgres_changes event '" + Echo.prefix(event) + "' is not one of INSERT, UPDATE, DELETE, *"));
            String schema = binding.path("schema").asText(CdcTable.SCHEMA);
            if (!schema.equals(CdcTable.SCHEMA)) {
                throw new JoinRefusal("UnknownSchema", "schema '" + Echo.prefix(schema) + "' is not captured; use '" + CdcTable.SCHEMA + "'");
            }
            String tableName = binding.path("table").asText("*");
            String filterText = binding.path("filter").isTextual() ? binding.path("filter").asText() : null;
            if (filterText != null && filterText.length() > MAX_FILTER_CHARS) {
                throw new JoinRefusal("InvalidFilter", "filter of " + filterText.length() + " characters; at most "
                        + MAX_FILTER_CHARS);
            }
            List<CdcTable> tables = new ArrayList<>();
            if (tableName.equals("*")) {
                if (filterText != null && !filterText.isBlank()) {
                    throw new JoinRefusal("InvalidFilter", "a filter needs a table; table '*' takes no filter");
                }
                for (CdcTable table : CdcTable.values()) {
                    if (access.mayRead(table)) {
                        tables.add(table);
                    }
                }
                if (tables.isEmpty()) {
                    throw new JoinRefusal("Unauthorized", "role '" + access.principal().role() + "' may not read any table");
                }
            } else {
                tables.add(CdcTable.byTableName(tableName).orElseThrow(() -> new JoinRefusal("UnknownTable",
                        "table '" + schema + "." + Echo.prefix(tableName) + "' is not captured (tables: "
                                + java.util.Arrays.stream(CdcTable.values()).map(CdcTable::tableName).toList() + ")")));
            }
            java.util.Map<CdcTable, RowFilter> filters = new java.util.EnumMap<>(CdcTable.class);
            for (CdcTable table : tables) {
                RowFilter filter;
                try {
                    filter = FilterParser.parse(table, filterText);
                } catch (FilterException e) {
                    throw new JoinRefusal("InvalidFilter", e.getMessage());
                }
                Optional<String> refusal = access.refusal(table, filter);
                if (refusal.isPresent()) {
                    throw new JoinRefusal("Unauthorized", refusal.get());
                }
                filters.put(table, filter);
            }
            specs.add(new BindingSpec(bindingId(event, schema, tableName, filterText), type.orElse(null), filters,
                    echo(binding)));
        }
        return specs;
    }

    /**
     * What the reply echoes of a binding: its event, schema, table and filter (supabase-js matches
     * its bindings on these four), never other fields the client may have added.
     */
    private static ObjectNode echo(JsonNode binding) {
        ObjectNode echo = JsonNodeFactory.instance.objectNode();
        for (String field : List.of("event", "schema", "table", "filter")) {
            if (binding.has(field)) {
                echo.set(field, binding.get(field));
            }
        }
        return echo;
    }

    /** A positive id, stable for the same binding on any socket (so equal subscriptions share frames). */
    static int bindingId(String event, String schema, String table, String filter) {
        int hash = (event + "\u0000" + schema + "\u0000" + table + "\u0000" + (filter == null ? "" : filter)).hashCode();
        int id = hash & 0x3fffffff;
        return id == 0 ? 1 : id;
    }

    private Position resume(JsonNode resume) throws JoinRefusal {
        if (resume.isMissingNode() || resume.isNull()) {
            return null;
        }
        JsonNode position = resume.path("position");
        if (position.isNull() || position.isMissingNode() || position.asText().isEmpty()) {
            return null;
        }
        if (!position.isTextual()) {
            throw new JoinRefusal("InvalidResumePosition", "config.resume.position must be the string from an event's position");
        }
        try {
            return Position.decode(positions, position.asText());
        } catch (InvalidPositionException e) {
            throw new JoinRefusal("InvalidResumePosition", e.getMessage());
        }
    }
}
