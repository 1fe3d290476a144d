package com.menuca.promo.gateway.cluster;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.gateway.PresenceKey;
import com.menuca.promo.schemas.gateway.PresenceRecord;
import com.menuca.promo.schemas.gateway.PresenceRecordType;
import com.menuca.promo.schemas.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The presence of every client on every channel, as the records of {@code promo.gateway.presence}
 * say, and the liveness of every gateway that wrote them. Every gateway keeps the same book from the
 * same records; applying a record, or finding a gateway gone, yields the Phoenix presence changes
 * ({@link PresenceChanges}).
 *
 * <p>Liveness is judged from record timestamps (the writer's clock at sending): a gateway is alive
 * while its latest record (a heartbeat, or any presence it wrote) is younger than the timeout its
 * heartbeats announce. A gateway past that is gone: its presences leave, records it wrote before
 * are ignored when they arrive late, and one of the live gateways (the lowest id) writes tombstones
 * for its keys so the compacted topic forgets it. A gone gateway that writes again (it was only
 * paused) is alive again; its live presences come back because it re-announces them
 * ({@link ClusterBus}). Confined to the bus thread.
 */
final class PresenceBook {
    /** How long a gone gateway is remembered (to ignore its late records), in timeouts. */
    private static final int FORGET_AFTER_TIMEOUTS = 10;

    /** One tracked presence. {@code meta} is what the client tracked, without the ref. */
    record Member(PresenceKey id, String key, String ref, ObjectNode meta) {
    }

    /** What the book knows of a gateway. */
    private static final class Peer {
        long lastSeen;
        long timeoutMs;
        /** When it was found gone (our clock), or -1 while alive. */
        long goneAt = -1;
        final Set<PresenceKey> members = new LinkedHashSet<>();
    }

    /** A gateway found gone: its id and the keys to tombstone (its presences and its heartbeat). */
    record Gone(String gateway, List<PresenceKey> keys) {
    }

    private final String self;
    private final long defaultTimeoutMs;
    private final Map<String, Peer> peers = new HashMap<>();
    private final Map<String, Map<PresenceKey, Member>> channels = new HashMap<>();
    /** Keys of late records of forgotten gateways, left in the topic: to tombstone ({@link #takeStrays}). */
    private final List<PresenceKey> strays = new ArrayList<>();

    /**
     * @param self             this gateway's id (never found gone by itself)
     * @param defaultTimeoutMs the timeout assumed for a gateway whose heartbeat has not been read yet
     */
    PresenceBook(String self, long defaultTimeoutMs) {
        this.self = self;
        this.defaultTimeoutMs = defaultTimeoutMs;
    }

    /**
     * Applies one record.
     *
     * @param value        the value, or null for a tombstone
     * @param recordMillis the record's timestamp (its writer's clock when it sent it)
     * @param nowMillis    this gateway's clock
     * @param catchingUp   true while the topic is read up to where it stood at start (old records of
     *                     gateways long gone are then expected, and cleaned up once caught up)
     */
    void apply(PresenceKey id, PresenceRecord value, long recordMillis, long nowMillis, boolean catchingUp,
               PresenceChanges changes) {
        Peer peer = peers.get(id.gateway());
        if (value == null) {
            if (id.isHeartbeat()) {
                // a gateway that stopped cleanly (or was cleaned up after it died): its presences leave now,
                // and what it wrote before, arriving late, is ignored
                if (peer != null) {
                    dropAll(peer, changes);
                    if (peer.goneAt < 0) {
                        peer.goneAt = nowMillis;
                    }
                }
            } else {
                remove(id, changes);
            }
            return;
        }
        long evidence = Math.min(recordMillis, nowMillis);
        if (peer == null) {
            peer = new Peer();
            peer.timeoutMs = value.timeoutMs() != null && value.timeoutMs() > 0 ? value.timeoutMs() : defaultTimeoutMs;
            peer.lastSeen = evidence;
            peers.put(id.gateway(), peer);
            if (!catchingUp && nowMillis - evidence > peer.timeoutMs) {
                // a late record of a gateway gone long ago (and forgotten): never shown, cleaned up
                peer.goneAt = nowMillis;
                if (!id.isHeartbeat()) {
                    strays.add(id);
                }
                return;
            }
        } else if (peer.goneAt >= 0) {
            if (recordMillis <= peer.goneAt) {
                return; // written before it was found gone, arriving late
            }
            peer.goneAt = -1; // it was only paused: alive again
        }
        peer.lastSeen = Math.max(peer.lastSeen, evidence);
        if (value.type() == PresenceRecordType.GATEWAY) {
            if (value.timeoutMs() != null && value.timeoutMs() > 0) {
                peer.timeoutMs = value.timeoutMs();
            }
            return;
        }
        if (id.isHeartbeat() || value.channel() == null || value.key() == null || value.ref() == null) {
            return; // not a presence this book can list
        }
        put(peer, id, value, changes);
    }

    private void put(Peer peer, PresenceKey id, PresenceRecord value, PresenceChanges changes) {
        Map<PresenceKey, Member> members = channels.computeIfAbsent(id.channel(), c -> new LinkedHashMap<>());
        Member old = members.get(id);
        if (old != null && old.ref().equals(value.ref())) {
            return; // the same track again (re-announced): nothing changed
        }
        ObjectNode meta = value.meta() == null ? JsonNodeFactory.instance.objectNode()
                : Json.mapper().valueToTree(value.meta());
        Member member = new Member(id, value.key(), value.ref(), meta);
        if (old != null) {
            changes.leave(id.channel(), old.key(), withRef(old, null));
        }
        members.put(id, member);
        peer.members.add(id);
        changes.join(id.channel(), member.key(), withRef(member, old == null ? null : old.ref()));
    }

    private void remove(PresenceKey id, PresenceChanges changes) {
        if (id.channel() == null) {
            return;
        }
        Map<PresenceKey, Member> members = channels.get(id.channel());
        Member old = members == null ? null : members.remove(id);
        if (old == null) {
            return;
        }
        if (members.isEmpty()) {
            channels.remove(id.channel());
        }
        Peer peer = peers.get(id.gateway());
        if (peer != null) {
            peer.members.remove(id);
        }
        changes.leave(id.channel(), old.key(), withRef(old, null));
    }

    private void dropAll(Peer peer, PresenceChanges changes) {
        for (PresenceKey id : new ArrayList<>(peer.members)) {
            remove(id, changes);
        }
        peer.members.clear();
    }

    /**
     * Finds the gateways (other than this one) whose last record is older than their timeout: their
     * presences leave. Returns them with the keys to tombstone, when this gateway is the one that
     * cleans up (the lowest id among the live gateways); else an empty list. Gone gateways
     * remembered long enough are forgotten.
     */
    List<Gone> expire(long nowMillis, PresenceChanges changes) {
        List<Gone> found = new ArrayList<>();
        for (Iterator<Map.Entry<String, Peer>> it = peers.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Peer> entry = it.next();
            Peer peer = entry.getValue();
            if (entry.getKey().equals(self)) {
                continue;
            }
            if (peer.goneAt >= 0) {
                if (nowMillis - peer.goneAt > FORGET_AFTER_TIMEOUTS * peer.timeoutMs) {
                    it.remove();
                }
                continue;
            }
            if (nowMillis - peer.lastSeen > peer.timeoutMs) {
                List<PresenceKey> keys = new ArrayList<>(peer.members);
                keys.add(PresenceKey.heartbeat(entry.getKey()));
                dropAll(peer, changes);
                peer.goneAt = nowMillis;
                found.add(new Gone(entry.getKey(), keys));
            }
        }
        return found.isEmpty() || !cleansUp() ? List.of() : found;
    }

    /**
     * Keys of records of gateways gone long ago that arrived late and now stand in the compacted
     * topic: the cleaning gateway tombstones them; everyone else forgets them.
     */
    List<PresenceKey> takeStrays() {
        if (strays.isEmpty()) {
            return List.of();
        }
        List<PresenceKey> taken = cleansUp() ? List.copyOf(strays) : List.of();
        strays.clear();
        return taken;
    }

    /** Whether this gateway has the lowest id among the live ones (so only one writes tombstones, usually). */
    private boolean cleansUp() {
        TreeSet<String> live = new TreeSet<>();
        live.add(self);
        peers.forEach((id, peer) -> {
            if (peer.goneAt < 0) {
                live.add(id);
            }
        });
        return live.first().equals(self);
    }

    /** The {@code presence_state} payload of a channel: {@code {key: {"metas": [{phx_ref, ...}]}}}. */
    ObjectNode state(String channel) {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        Map<PresenceKey, Member> members = channels.get(channel);
        if (members == null) {
            return state;
        }
        for (Member member : members.values()) {
            ObjectNode entry = (ObjectNode) state.get(member.key());
            if (entry == null) {
                entry = state.putObject(member.key());
                entry.putArray("metas");
            }
            entry.withArray("metas").add(withRef(member, null));
        }
        return state;
    }

    /** Presences on a channel. */
    int count(String channel) {
        Map<PresenceKey, Member> members = channels.get(channel);
        return members == null ? 0 : members.size();
    }

    /** Presences on every channel. */
    int size() {
        int size = 0;
        for (Map<PresenceKey, Member> members : channels.values()) {
            size += members.size();
        }
        return size;
    }

    /** Gateways alive as far as the book knows (this one included once its heartbeat was read). */
    int liveGateways() {
        int live = 0;
        for (Peer peer : peers.values()) {
            if (peer.goneAt < 0) {
                live++;
            }
        }
        return live;
    }

    /** The member a key names, or null. */
    Member member(PresenceKey id) {
        Map<PresenceKey, Member> members = id.channel() == null ? null : channels.get(id.channel());
        return members == null ? null : members.get(id);
    }

    /** The meta as clients see it: {@code {"phx_ref": ref, ...tracked, "phx_ref_prev": previous}}. */
    private static ObjectNode withRef(Member member, String previousRef) {
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.put("phx_ref", member.ref());
        if (previousRef != null) {
            meta.put("phx_ref_prev", previousRef);
        }
        member.meta().fields().forEachRemaining(field -> {
            if (!field.getKey().equals("phx_ref") && !field.getKey().equals("phx_ref_prev")) {
                meta.set(field.getKey(), field.getValue());
            }
        });
        return meta;
    }
}
