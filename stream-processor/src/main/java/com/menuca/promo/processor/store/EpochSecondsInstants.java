package com.menuca.promo.processor.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Instants in the processor's own JSON as decimal seconds since the epoch with nine decimals
 * ({@code 1796662830.123456000}): the text jackson-datatype-jsr310 writes with timestamps on, so state
 * and topics written before read the same, without its way there. It formats a decimal string,
 * parses it into a {@code BigDecimal} and writes that, and reads one back the same way: in a profile of
 * the gateway benchmark that was 28% of everything the stream thread allocated and 6% of its CPU.
 * Instants before 1970 and any other form of number or text are left to jsr310.
 */
final class EpochSecondsInstants {
    private static final int NANO_DIGITS = 9;

    private EpochSecondsInstants() {
    }

    static SimpleModule module() {
        return new SimpleModule("epoch-seconds-instants")
                .addSerializer(Instant.class, new Writer())
                .addDeserializer(Instant.class, new Reader());
    }

    static final class Writer extends StdScalarSerializer<Instant> {
        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            long seconds = value.getEpochSecond();
            if (seconds < 0) {
                InstantSerializer.INSTANCE.serialize(value, gen, provider);
                return;
            }
            // at most 19 digits of seconds, the point, nine of nanoseconds
            char[] text = new char[29];
            int end = text.length;
            int nanos = value.getNano();
            for (int i = 0; i < NANO_DIGITS; i++) {
                text[--end] = (char) ('0' + nanos % 10);
                nanos /= 10;
            }
            text[--end] = '.';
            do {
                text[--end] = (char) ('0' + seconds % 10);
                seconds /= 10;
            } while (seconds > 0);
            gen.writeNumber(text, end, text.length - end);
        }
    }

    static final class Reader extends StdScalarDeserializer<Instant> {
        Reader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                Instant parsed = parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                if (parsed != null) {
                    return parsed;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(p, ctxt);
        }

        /** {@code digits.digits} with one to nine decimals, else null. */
        static Instant parse(char[] text, int offset, int length) {
            int end = offset + length;
            int point = -1;
            for (int i = offset; i < end; i++) {
                if (text[i] == '.') {
                    point = i;
                    break;
                }
            }
            int decimals = end - point - 1;
            int secondDigits = point - offset;
            if (point < 0 || secondDigits < 1 || secondDigits > 18 || decimals < 1 || decimals > NANO_DIGITS) {
                return null;
            }
            long seconds = 0;
            for (int i = offset; i < point; i++) {
                int digit = text[i] - '0';
                if (digit < 0 || digit > 9) {
                    return null;
                }
                seconds = seconds * 10 + digit;
            }
            int nanos = 0;
            for (int i = point + 1; i < point + 1 + NANO_DIGITS; i++) {
                int digit = i < end ? text[i] - '0' : 0;
                if (digit < 0 || digit > 9) {
                    return null;
                }
                nanos = nanos * 10 + digit;
            }
            return seconds > Instant.MAX.getEpochSecond() ? null : Instant.ofEpochSecond(seconds, nanos);
        }
    }
}
