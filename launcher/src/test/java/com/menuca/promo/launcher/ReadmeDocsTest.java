package com.menuca.promo.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.common.config.ConfigDocs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The configuration tables in README.md are exactly what the code declares. */
class ReadmeDocsTest {

    @ParameterizedTest
    @ValueSource(strings = {"capture", "process", "gateway", "dev", "tools", "status"})
    void readmeCarriesTheGeneratedSettingsTable(String service) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String table = ConfigDocs.markdownTable(ConfigCommand.SERVICES.get(service));
        assertThat(readme).as("README.md section for `promo %s` (regenerate with ./promo config %s)", service, service)
                .contains(table.strip());
    }
}
