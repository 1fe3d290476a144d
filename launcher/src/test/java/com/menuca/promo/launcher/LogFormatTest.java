package com.menuca.promo.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** PROMO_LOG_FORMAT: the values accepted, and what the shipped logback.xml writes for json. */
class LogFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void forget() {
        System.clearProperty(LogFormat.VARIABLE);
    }

    @Test
    void shouldAcceptTextAndJsonInAnyCaseAndTreatBlankAsUnset() {
        assertThat(LogFormat.apply(null)).isEmpty();
        assertThat(System.getProperty(LogFormat.VARIABLE)).isEqualTo("text");
        assertThat(LogFormat.apply(" ")).isEmpty();
        assertThat(System.getProperty(LogFormat.VARIABLE)).isEqualTo("text");
        assertThat(LogFormat.apply(" JSON ")).isEmpty();
        assertThat(System.getProperty(LogFormat.VARIABLE)).isEqualTo("json");
    }

    @Test
    void shouldRefuseAnyOtherFormatNamingTheVariableAndTheChoices() {
        assertThat(LogFormat.apply("yaml")).hasValue("PROMO_LOG_FORMAT must be text or json, not 'yaml'");
    }

    @Test
    void shouldWriteEachEventAsOneJsonObjectOnOneLineWithItsStackTraceAndMdc() throws Exception {
        List<String> lines = logWithShippedConfig("json");

        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("loggerName").asText()).isEqualTo("com.menuca.promo.gateway.Gateway");
        assertThat(first.path("formattedMessage").asText()).isEqualTo("Gateway listening on \"ws://0.0.0.0:4000\" (2 event loops)");
        assertThat(first.path("timestamp").asLong()).isPositive();
        assertThat(first.path("mdc").path("connection").asText()).isEqualTo("c-17");

        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.path("level").asText()).isEqualTo("ERROR");
        assertThat(second.path("formattedMessage").asText()).isEqualTo("feed stopped:\nsecond line of the message");
        assertThat(second.path("throwable").path("className").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(second.path("throwable").path("stepArray").size()).isPositive();
        assertThat(second.path("throwable").path("cause").path("message").asText()).isEqualTo("broker gone");
    }

    @Test
    void shouldWriteTextByDefault() throws Exception {
        List<String> lines = logWithShippedConfig("text");
        assertThat(lines.get(0)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  Gateway - Gateway listening on .*");
        assertThat(lines).anyMatch(l -> l.startsWith("java.lang.IllegalStateException: feed stopped"));
    }

    /** The launcher's logback.xml in a fresh logging context, as {@code promo} loads it; returns what it wrote to stderr. */
    private static List<String> logWithShippedConfig(String format) throws Exception {
        URL config = LogFormatTest.class.getClassLoader().getResource("logback.xml");
        assertThat(config).as("the launcher's logback.xml").isNotNull();
        assertThat(LogFormat.apply(format)).isEmpty();
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(config);
            Logger logger = context.getLogger("com.menuca.promo.gateway.Gateway");
            context.getMDCAdapter().put("connection", "c-17");
            logger.info("Gateway listening on \"{}\" ({} event loops)", "ws://0.0.0.0:4000", 2);
            context.getMDCAdapter().remove("connection");
            logger.error("feed stopped:\nsecond line of the message", new IllegalStateException("feed stopped",
                    new java.io.IOException("broker gone")));
        } finally {
            context.stop();
            System.setErr(stderr);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
