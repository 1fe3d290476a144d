package com.menuca.promo.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Families of settings another library defines, and values read from files, as an operator sets them. */
class PassThroughSettingsTest {
    private static final Set<String> KNOWN = Set.of("security.protocol", "sasl.jaas.config", "token.file", "bootstrap.servers");
    private static final Setting<String> BOOTSTRAP = Setting.of("lib.bootstrap.servers", ValueParser.STRING, "h:1", "Brokers.");
    private static final Setting<String> PASSWORD = Setting.optional("db.password", ValueParser.STRING, "Password.").secret();
    private static final Setting<Map<String, String>> LIB = Setting.passThrough("lib.",
            name -> KNOWN.contains(name) ? Optional.empty() : Optional.of(name + " is not a lib property"), "Lib client properties.");
    private static final List<Setting<?>> ALL = List.of(BOOTSTRAP, PASSWORD, LIB);

    @TempDir
    Path dir;

    @Test
    void shouldPassThroughEveryKeyUnderThePrefixFromFileEnvironmentAndOverridesLaterLayersWinning() {
        ConfigSource source = ConfigSource.layered(
                Map.of("lib.security.protocol", "SSL", "lib.sasl.jaas.config", "from-file", "other.key", "x"),
                Map.of("PROMO_LIB_SECURITY_PROTOCOL", "SASL_SSL", "PROMO_LIB_BOOTSTRAP_SERVERS", "b:9", "PATH", "/bin"))
                .withOverrides(Map.of("lib.sasl.jaas.config", "from-override"));

        ResolvedSettings s = ResolvedSettings.resolve("test", ALL, source);

        assertThat(s.get(LIB)).as("declared keys stay with their own setting")
                .containsExactlyInAnyOrderEntriesOf(Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", "from-override"));
        assertThat(s.get(BOOTSTRAP)).isEqualTo("b:9");
    }

    @Test
    void shouldReadSecretsFromTheFileAnEnvironmentVariableWithFileSuffixNames() throws Exception {
        Path jaas = Files.writeString(dir.resolve("jaas"), "ScramLoginModule required username=\"u\" password=\"p\";\n");
        Path password = Files.writeString(dir.resolve("pw"), "s3cret\n");
        Path token = Files.writeString(dir.resolve("token"), "t");
        ConfigSource source = ConfigSource.layered(Map.of(), Map.of(
                "PROMO_LIB_SASL_JAAS_CONFIG_FILE", jaas.toString(),
                "PROMO_LIB_TOKEN_FILE", token.toString(),
                "PROMO_DB_PASSWORD_FILE", password.toString()));

        ResolvedSettings s = ResolvedSettings.resolve("test", ALL, source);

        assertThat(s.get(LIB)).containsEntry("sasl.jaas.config", "ScramLoginModule required username=\"u\" password=\"p\";")
                .as("a name the library knows that ends in .file is passed as it is").containsEntry("token.file", token.toString());
        assertThat(s.get(PASSWORD)).isEqualTo("s3cret");
    }

    @Test
    void shouldReportUnknownNamesUnreadableFilesAndDoubleDefinitionsAllAtOnce() {
        ConfigSource source = ConfigSource.layered(Map.of("lib.securty.protocol", "SSL"), Map.of(
                "PROMO_DB_PASSWORD", "a", "PROMO_DB_PASSWORD_FILE", dir.resolve("pw").toString()));

        assertThatThrownBy(() -> ResolvedSettings.resolve("test", ALL, source))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2))
                .hasMessageContaining("lib.securty.protocol (env PROMO_LIB_SECURTY_PROTOCOL) cannot be set: securty.protocol is not a lib property")
                .hasMessageContaining("both PROMO_DB_PASSWORD and PROMO_DB_PASSWORD_FILE are set")
                .hasMessageNotContaining("\"a\"");
        assertThatThrownBy(() -> ResolvedSettings.resolve("test", ALL, ConfigSource.layered(Map.of(),
                Map.of("PROMO_LIB_SASL_JAAS_CONFIG_FILE", dir.resolve("missing").toString()))))
                .hasMessageContaining("PROMO_LIB_SASL_JAAS_CONFIG_FILE names '" + dir.resolve("missing") + "', which cannot be read");
    }

    @Test
    void shouldDocumentAFamilyAsOneRowWithItsVariablePrefix() {
        assertThat(ConfigDocs.markdownTable(List.of(LIB))).contains("| `lib.*` | `PROMO_LIB_*` | `(unset)` | Lib client properties. |");
    }
}
