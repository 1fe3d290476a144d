package com.menuca.promo.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.channel.ResolvedChannel;
import com.menuca.promo.gateway.policy.ChannelRights;
import com.menuca.promo.gateway.subscription.JoinOptions;

/**
 * Reads {@code config.broadcast} ({@code self}, {@code ack}) and {@code config.presence}
 * ({@code key}, {@code enabled}) of a join, as realtime-js sends them. A client that listens to
 * presence on a channel whose presence its token may not see is refused, not left waiting for a sync
 * that never comes.
 */
final class JoinOptionsReader {
    /** Longest presence key, in characters (it is stored, and sent in every presence state and change). */
    static final int MAX_PRESENCE_KEY_CHARS = 255;

    private JoinOptionsReader() {
    }

    static JoinOptions read(JsonNode config, ChannelRights rights, Principal principal, ResolvedChannel channel)
            throws JoinRefusal {
        JsonNode broadcast = object(config.path("broadcast"), "config.broadcast");
        JsonNode presence = object(config.path("presence"), "config.presence");
        boolean enabled = flag(presence.path("enabled"), "config.presence.enabled");
        if (enabled && !rights.presenceRead()) {
            throw new JoinRefusal("Unauthorized", "role '" + principal.role() + "' may not see presence on channel '"
                    + channel.canonical() + "'" + (rights.presenceWrite() ? " (it may track)" : ""));
        }
        JoinOptions options = new JoinOptions(flag(broadcast.path("self"), "config.broadcast.self"),
                flag(broadcast.path("ack"), "config.broadcast.ack"), enabled, key(presence.path("key"), rights));
        return options.equals(JoinOptions.NONE) ? JoinOptions.NONE : options;
    }

    private static JsonNode object(JsonNode node, String field) throws JoinRefusal {
        if (node.isMissingNode() || node.isNull() || node.isObject()) {
            return node;
        }
        throw new JoinRefusal("InvalidJoinPayload", field + " must be an object");
    }

    /** A boolean, or its text (Supabase accepts "true" and "false" too); absent is false. */
    private static boolean flag(JsonNode node, String field) throws JoinRefusal {
        if (node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual() && (node.asText().equals("true") || node.asText().equals("false"))) {
            return Boolean.parseBoolean(node.asText());
        }
        throw new JoinRefusal("InvalidJoinPayload", field + " must be true or false");
    }

    /**
     * The key asked for (a string, number or boolean; empty: none), else the one the token allows, else
     * empty: the first track picks a random one (most joins never track, so none is made for them).
     */
    private static String key(JsonNode node, ChannelRights rights) throws JoinRefusal {
        String asked = null;
        if (node.isTextual() || node.isNumber() || node.isBoolean()) {
            asked = node.asText();
        } else if (!node.isMissingNode() && !node.isNull()) {
            throw new JoinRefusal("InvalidJoinPayload", "config.presence.key must be a string");
        }
        if (asked != null && asked.length() > MAX_PRESENCE_KEY_CHARS) {
            throw new JoinRefusal("InvalidJoinPayload", "config.presence.key of " + asked.length()
                    + " characters; at most " + MAX_PRESENCE_KEY_CHARS);
        }
        if (asked != null && !asked.isEmpty()) {
            return asked;
        }
        return rights.onlyPresenceKey().orElse("");
    }
}
