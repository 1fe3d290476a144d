package com.menuca.promo.infra.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * `promo dev` starts on every developer machine we name, not only the CI's Linux x86-64: the dev
 * runtime carries PostgreSQL binaries that zonky's resolver finds for each operating system and CPU
 * (the names zonky asks for: {@code uname -s}-style system, normalised architecture).
 */
class PostgresBinariesTest {
    private static final byte[] XZ_MAGIC = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"Linux, x86_64", "Linux, arm_64", "Darwin, x86_64", "Darwin, arm_64"})
    void shouldCarryPostgresBinariesFor(String system, String architecture) throws Exception {
        try (InputStream binaries = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture)) {
            assertThat(binaries).as("PostgreSQL binaries for %s %s on the dev runtime's classpath", system, architecture)
                    .isNotNull();
            assertThat(binaries.readNBytes(XZ_MAGIC.length)).as("an xz archive").isEqualTo(XZ_MAGIC);
        }
    }
}
