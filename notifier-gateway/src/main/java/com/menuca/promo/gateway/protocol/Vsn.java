package com.menuca.promo.gateway.protocol;

import java.util.Optional;

/** The serializer a socket asked for with the {@code vsn} query parameter. */
public enum Vsn {
    /** One JSON object per text frame. */
    V1("1.0.0"),
    /** One JSON array per text frame; binary frames for user broadcasts. The default of realtime-js since 2.91. */
    V2("2.0.0");

    private final String wire;

    Vsn(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The serializer for a {@code vsn} parameter; an absent parameter means 1.0.0, as Phoenix servers assume. */
    public static Optional<Vsn> parse(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of(V1);
        }
        for (Vsn vsn : values()) {
            if (vsn.wire.equals(value)) {
                return Optional.of(vsn);
            }
        }
        return Optional.empty();
    }

    public FrameCodec codec() {
        return this == V1 ? ObjectFrameCodec.INSTANCE : ArrayFrameCodec.INSTANCE;
    }
}
