package com.menuca.promo.catalog.compat;

/**
 * A change to a schema that breaks consumers or the replay of history.
 *
 * @param kind   what happened
 * @param path   where, as the dotted path of the field in the event ({@code after.title}); empty for the root
 * @param detail before and after, in words
 */
public record BreakingChange(Kind kind, String path, String detail) {

    public enum Kind {
        /** A field consumers read is no longer declared. */
        FIELD_REMOVED("field removed"),
        /** A field's types or format changed (including becoming nullable or no longer nullable). */
        TYPE_CHANGED("type changed"),
        /** A field events in history may lack is now required. */
        MADE_REQUIRED("field made required"),
        /** A value events in history may carry is no longer allowed. */
        ENUM_VALUE_REMOVED("enum value removed");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** The field's own name (last path segment), which the CHANGELOG entry must mention. */
    public String fieldName() {
        int dot = path.lastIndexOf('.');
        String last = dot < 0 ? path : path.substring(dot + 1);
        return last.replace("[]", "");
    }

    @Override
    public String toString() {
        return (path.isEmpty() ? "(root)" : path) + ": " + kind.words() + " (" + detail + ")";
    }
}
