package com.menuca.promo.processor.deadletter;

import com.menuca.promo.processor.cdc.CdcChange;
import com.menuca.promo.schemas.derived.DeadLetter;
import com.menuca.promo.schemas.derived.SourcePosition;
import com.menuca.promo.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds {@link DeadLetter}s with the reason codes the contract names. */
public final class DeadLetters {
    /** A usage row's coupon (or the coupon's deal) did not arrive within the configured wait. */
    public static final String MISSING_REFERENCE = "missing_reference";
    /** The derivation threw: a bug or data the code did not expect. */
    public static final String PROCESSING_FAILED = "processing_failed";

    /** Topology steps, for {@link DeadLetter#stage()}. */
    public static final String STAGE_INTAKE = "intake";
    public static final String STAGE_RESTAURANT = "restaurant";
    public static final String STAGE_CUSTOMER = "customer";

    private DeadLetters() {
    }

    /** A raw change record rejected at intake, kept byte for byte. */
    public static DeadLetter rejected(String reason, String detail, SourcePosition source, byte[] key, byte[] value,
                                      Instant now) {
        return raw(reason, detail, STAGE_INTAKE, source, key, value, now);
    }

    /** A record a topology step gave up on, kept as the bytes that step read ({@code source}'s record). */
    public static DeadLetter raw(String reason, String detail, String stage, SourcePosition source, byte[] key,
                                 byte[] value, Instant now) {
        return new DeadLetter(reason, detail, stage, source, text(key), text(value), now);
    }

    /** A checked change the per-restaurant derivations gave up on. */
    public static DeadLetter failed(String reason, String detail, CdcChange change, Instant now) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("op", change.op().code());
        envelope.put("before", change.before());
        envelope.put("after", change.after());
        envelope.put("commit_ts", change.commitTs());
        String value;
        try {
            value = Json.mapper().writeValueAsString(envelope);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            value = String.valueOf(change.after() != null ? change.after() : change.before());
        }
        return new DeadLetter(reason, detail, STAGE_RESTAURANT, change.source(), change.rowKey(), value, now);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
