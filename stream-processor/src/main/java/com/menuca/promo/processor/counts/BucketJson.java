package com.menuca.promo.processor.counts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * A {@link Bucket} in the tallies store: {@code [n, d, r]}. Why: a tally holds a bucket per minute of the
 * last hour and is written on every redemption it counts (three tallies per redemption), so its buckets
 * are the bulk of what the restaurant step writes; as arrays they are a third shorter than as objects and
 * written without the bean machinery. Buckets stored before as objects ({@code {"n":..,"d":..,"r":..}})
 * are still read.
 */
final class BucketJson {
    private BucketJson() {
    }

    static final class Writer extends StdSerializer<Bucket> {
        Writer() {
            super(Bucket.class);
        }

        @Override
        public void serialize(Bucket bucket, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartArray(bucket, 3);
            gen.writeNumber(bucket.redemptions());
            gen.writeNumber(bucket.discount());
            gen.writeNumber(bucket.revenue());
            gen.writeEndArray();
        }
    }

    static final class Reader extends StdDeserializer<Bucket> {
        Reader() {
            super(Bucket.class);
        }

        @Override
        public Bucket deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.START_ARRAY) {
                long n = nextLong(p, ctxt);
                BigDecimal d = nextDecimal(p, ctxt);
                BigDecimal r = nextDecimal(p, ctxt);
                if (p.nextToken() != JsonToken.END_ARRAY) {
                    return (Bucket) ctxt.handleUnexpectedToken(Bucket.class, p);
                }
                return new Bucket(n, d, r);
            }
            if (p.currentToken() != JsonToken.START_OBJECT) {
                return (Bucket) ctxt.handleUnexpectedToken(Bucket.class, p);
            }
            // the form stored before: {"n":..,"d":..,"r":..}
            long n = 0;
            BigDecimal d = BigDecimal.ZERO;
            BigDecimal r = BigDecimal.ZERO;
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                p.nextToken();
                switch (field) {
                    case "n" -> n = p.getValueAsLong();
                    case "d" -> d = decimal(p, ctxt);
                    case "r" -> r = decimal(p, ctxt);
                    default -> p.skipChildren();
                }
            }
            return new Bucket(n, d, r);
        }

        private static long nextLong(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                ctxt.handleUnexpectedToken(long.class, p);
            }
            return p.getLongValue();
        }

        private static BigDecimal nextDecimal(JsonParser p, DeserializationContext ctxt) throws IOException {
            p.nextToken();
            return decimal(p, ctxt);
        }

        private static BigDecimal decimal(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.currentToken().isNumeric()) {
                return (BigDecimal) ctxt.handleUnexpectedToken(BigDecimal.class, p);
            }
            return p.getDecimalValue();
        }
    }
}
