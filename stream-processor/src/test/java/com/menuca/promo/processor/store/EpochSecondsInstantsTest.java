package com.menuca.promo.processor.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.menuca.promo.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The processor's instants: the text jsr310 wrote, read and written without its BigDecimal detour. */
class EpochSecondsInstantsTest {
    /** What the processor's JSON was before: jackson-datatype-jsr310 with timestamps on. */
    private static final ObjectMapper JSR310 = Json.mapper().copy().enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final List<Instant> INSTANTS = List.of(
            Instant.parse("2026-12-07T17:00:30.123456Z"),
            Instant.parse("2026-12-07T17:00:30Z"),
            Instant.parse("2026-12-07T17:00:30.000000001Z"),
            Instant.parse("2026-12-07T17:00:30.999999999Z"),
            Instant.EPOCH,
            Instant.parse("1969-12-31T23:59:59.500Z"),
            Instant.parse("9999-12-31T23:59:59.999999Z"),
            Instant.MAX,
            Instant.MIN);

    @Test
    void shouldWriteWhatJsr310WroteAndReadItBack() throws Exception {
        for (Instant instant : INSTANTS) {
            String written = InternalJson.mapper().writeValueAsString(instant);

            assertThat(InternalJson.mapper().readValue(written, Instant.class)).as(written).isEqualTo(instant);
            assertThat(InternalJson.mapper().readValue(written.getBytes(StandardCharsets.US_ASCII), Instant.class))
                    .as("from bytes, as the stores read: " + written).isEqualTo(instant);
            assertThat(JSR310.readValue(written, Instant.class)).as("jsr310 reads " + written).isEqualTo(instant);
            String earlier = JSR310.writeValueAsString(instant);
            assertThat(InternalJson.mapper().readValue(earlier, Instant.class)).as("state written before: " + earlier)
                    .isEqualTo(instant);
        }
        assertThat(InternalJson.mapper().writeValueAsString(Instant.parse("2026-12-07T17:00:30.123456Z")))
                .isEqualTo("1796662830.123456000");
    }

    @Test
    void shouldReadFewerDecimalsAndLeaveOtherFormsToJsr310() throws Exception {
        ObjectMapper mapper = InternalJson.mapper();
        assertThat(mapper.readValue("1796662830.5", Instant.class)).isEqualTo(Instant.parse("2026-12-07T17:00:30.500Z"));
        assertThat(mapper.readValue("1796662830", Instant.class)).isEqualTo(Instant.parse("2026-12-07T17:00:30Z"));
        assertThat(mapper.readValue("\"2026-12-07T17:00:30.25Z\"", Instant.class))
                .isEqualTo(Instant.parse("2026-12-07T17:00:30.250Z"));
        assertThat(mapper.readValue("-0.5", Instant.class)).isEqualTo(Instant.parse("1969-12-31T23:59:59.500Z"));
    }

    @Test
    void shouldBeTheInstantFormOfTheProcessorsJson() throws Exception {
        ObjectMapper mapper = InternalJson.mapper();
        assertThat(mapper.getSerializerProviderInstance().findValueSerializer(Instant.class))
                .isInstanceOf(EpochSecondsInstants.Writer.class);
        DefaultDeserializationContext context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createInstance(mapper.getDeserializationConfig(), null, null);
        assertThat(context.findRootValueDeserializer(mapper.constructType(Instant.class)))
                .isInstanceOf(EpochSecondsInstants.Reader.class);
    }
}
