package com.menuca.promo.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/kafka-security.md lists exactly the ACLs the services declare (and check at start). */
class KafkaSecurityDocsTest {

    @Test
    void shouldListEachServicesAclsAsTheyAreDeclared() throws Exception {
        String page = Files.readString(Path.of("..", "docs", KafkaSecurityPage.FILE));
        assertThat(page).as("docs/kafka-security.md's ACLs are out of date: run ./promo docs and commit it")
                .isEqualTo(KafkaSecurityPage.render(page));
        assertThat(page).contains("| topic `promo.capture.offsets` | Read, Write, Describe |")
                .contains("transactional-id `promo-processor-*` (prefix) | Write, Describe");
    }
}
