package com.menuca.promo.schemas.cdc;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Debezium's operation codes. */
public enum Op {
    CREATE("c"), UPDATE("u"), DELETE("d"), READ("r"), TRUNCATE("t"), MESSAGE("m");

    private final String code;

    Op(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    public static Op ofCode(String code) {
        for (Op op : values()) {
            if (op.code.equals(code)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown Debezium op code '" + code + "'");
    }
}
