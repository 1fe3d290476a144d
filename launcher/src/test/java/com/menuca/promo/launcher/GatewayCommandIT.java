package com.menuca.promo.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.gateway.auth.DevTokens;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code promo gateway} as an operator runs it, in its own process: without a verification key of
 * its own (none, an empty value, the public dev secret) it does not start; it says why in one line
 * and exits with code 2, before touching Kafka.
 */
class GatewayCommandIT {

    @Test
    void refusesToStartWithoutAKeyOfItsOwnWithOneLineAndExitCode2() throws Exception {
        for (Map<String, String> keys : List.of(Map.<String, String>of(),
                Map.of("PROMO_GATEWAY_JWT_SECRET", "", "PROMO_GATEWAY_JWKS_URL", ""),
                Map.of("PROMO_GATEWAY_JWT_SECRET", DevTokens.DEV_SECRET))) {
            Path jar = Path.of("target", "promo.jar").toAbsolutePath();
            ProcessBuilder builder = new ProcessBuilder("java", "-cp", jar + File.pathSeparator + jar.resolveSibling("lib") + "/*",
                    "com.menuca.promo.launcher.Promo", "gateway").redirectErrorStream(true);
            builder.environment().keySet().removeIf(name -> name.startsWith("PROMO_"));
            builder.environment().put("PROMO_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9");
            // every other required setting present, so the verification key is the one problem reported
            builder.environment().put("PROMO_GATEWAY_RESUME_KEY", "a-resume-key-of-this-test-32-bytes-or-more");
            builder.environment().putAll(keys);
            Process gateway = builder.start();
            String output = new String(gateway.getInputStream().readAllBytes());
            assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(gateway.exitValue()).as("exit code with %s; output:%n%s", keys.keySet(), output).isEqualTo(2);
            List<String> reason = output.lines().filter(line -> line.contains("promo: invalid gateway configuration")).toList();
            assertThat(reason).as("one line saying why, with %s", keys.keySet()).hasSize(1);
            assertThat(reason.get(0)).containsAnyOf("no key to verify client tokens", "public dev secret")
                    .contains("PROMO_GATEWAY_JWT_SECRET");
            assertThat(output).doesNotContain("\tat ").doesNotContain("Gateway listening");
        }
    }
}
