package com.menuca.promo.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** README.md stays a front page, and no relative link in it or in docs/ points at a missing file. */
class DocsLinksTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

    @Test
    void shouldResolveEveryRelativeLink() throws IOException {
        List<String> broken = new ArrayList<>();
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            for (Path page : Stream.concat(Stream.of(ROOT.resolve("README.md")), docs.filter(p -> p.toString().endsWith(".md"))).toList()) {
                Matcher links = LINK.matcher(Files.readString(page));
                while (links.find()) {
                    String target = links.group(1);
                    if (!target.contains("://") && !target.startsWith("mailto:")
                            && !Files.exists(page.getParent().resolve(target).normalize())) {
                        broken.add(ROOT.relativize(page) + " -> " + target);
                    }
                }
            }
        }
        assertThat(broken).as("links to files that do not exist").isEmpty();
    }

    @Test
    void shouldKeepTheReadmeAFrontPage() throws IOException {
        List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
        assertThat(readme.size()).as("README.md lines: depth belongs in docs/").isLessThanOrEqualTo(200);
        assertThat(String.join("\n", readme)).as("the two commands").contains("./promo dev --simulate", "mvn -B verify");
    }
}
