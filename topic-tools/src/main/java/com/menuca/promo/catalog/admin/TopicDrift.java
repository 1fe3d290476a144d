package com.menuca.promo.catalog.admin;

/**
 * One difference between the catalogue and a cluster.
 *
 * @param kind   what differs
 * @param topic  the topic
 * @param detail expected and actual, in words
 * @param config the config key that differs ({@link Kind#CONFIG_DIFFERS}), else null
 */
public record TopicDrift(Kind kind, String topic, String detail, String config) {

    public TopicDrift(Kind kind, String topic, String detail) {
        this(kind, topic, detail, null);
    }

    public enum Kind {
        MISSING(true),
        TOO_FEW_PARTITIONS(true),
        CONFIG_DIFFERS(true),
        /** Kafka cannot remove partitions: a person must decide (recreate the topic, or raise the catalogue). */
        TOO_MANY_PARTITIONS(false),
        /** A topic with an owned prefix that no catalogue entry describes: add it or delete it, never silently. */
        NOT_IN_CATALOGUE(false);

        private final boolean fixable;

        Kind(boolean fixable) {
            this.fixable = fixable;
        }

        /** Whether {@code promo topics apply} fixes it. */
        public boolean fixable() {
            return fixable;
        }
    }

    @Override
    public String toString() {
        return topic + ": " + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " (" + detail + ")";
    }
}
