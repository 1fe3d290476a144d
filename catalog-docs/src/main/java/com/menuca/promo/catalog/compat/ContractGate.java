package com.menuca.promo.catalog.compat;

import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.CatalogTopic;
import com.menuca.promo.catalog.SchemaShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules between the released contract (baseline) and the catalogue being changed:
 * <ul>
 *   <li>a topic with a breaking change has a higher version than in the baseline, and the CHANGELOG has a
 *       heading {@code <topic> v<version>} whose section names every changed field;</li>
 *   <li>a topic's version never goes down; a removed topic has a heading {@code <topic> removed};</li>
 *   <li>a topic that is not in the baseline is named somewhere in the CHANGELOG.</li>
 * </ul>
 */
public final class ContractGate {
    private static final Pattern HEADING = Pattern.compile("^#+\\s.*");

    private ContractGate() {
    }

    /** Every rule broken, each saying how to fix it; empty when the change may land. */
    public static List<String> violations(Catalog baseline, Catalog current, String changelog) {
        List<String> violations = new ArrayList<>();
        for (CatalogTopic released : baseline.topics()) {
            Optional<CatalogTopic> now = current.topic(released.name());
            if (now.isEmpty()) {
                if (section(changelog, Pattern.quote(released.name()) + "\\s+removed").isEmpty()) {
                    violations.add(released.name() + " was removed from the catalogue: consumers depend on it. Add a heading '### "
                            + released.name() + " removed' to the CHANGELOG saying what replaces it.");
                }
                continue;
            }
            checkTopic(baseline, released, current, now.get(), changelog, violations);
        }
        for (CatalogTopic topic : current.topics()) {
            if (baseline.topic(topic.name()).isEmpty() && !changelog.contains(topic.name())) {
                violations.add(topic.name() + " is new: add a line naming it under 'Unreleased' in the CHANGELOG.");
            }
        }
        return violations;
    }

    /** The breaking changes of one topic's key and value schemas. */
    public static List<BreakingChange> breakingChanges(Catalog baseline, CatalogTopic released, Catalog current,
                                                       CatalogTopic now) {
        List<BreakingChange> changes = new ArrayList<>();
        if (released.hasSchemas() && now.hasSchemas()) {
            SchemaCompatibility.breakingChanges(SchemaShape.of(baseline.schemas(), released.key().schema()),
                    SchemaShape.of(current.schemas(), now.key().schema()))
                    .forEach(c -> changes.add(new BreakingChange(c.kind(), prefixed("key", c.path()), c.detail())));
            SchemaCompatibility.breakingChanges(SchemaShape.of(baseline.schemas(), released.value().schema()),
                    SchemaShape.of(current.schemas(), now.value().schema()))
                    .forEach(changes::add);
        } else if (released.hasSchemas() != now.hasSchemas()) {
            changes.add(new BreakingChange(BreakingChange.Kind.TYPE_CHANGED, "", "group " + released.group().label()
                    + " -> " + now.group().label()));
        }
        return changes;
    }

    private static String prefixed(String prefix, String path) {
        return path.isEmpty() ? prefix : prefix + "." + path;
    }

    private static void checkTopic(Catalog baseline, CatalogTopic released, Catalog current, CatalogTopic now,
                                   String changelog, List<String> violations) {
        if (now.version() < released.version()) {
            violations.add(now.name() + ": version went down from " + released.version() + " to " + now.version());
            return;
        }
        List<BreakingChange> changes = breakingChanges(baseline, released, current, now);
        if (changes.isEmpty()) {
            return;
        }
        String listed = changes.stream().map(BreakingChange::toString).collect(Collectors.joining("; "));
        if (now.version() == released.version()) {
            violations.add(now.name() + " has breaking changes for consumers: " + listed + ". Either keep the contract"
                    + " compatible (add, don't remove or retype; new fields optional), or raise its version to "
                    + (released.version() + 1) + " in the catalogue and add a heading '### " + now.name() + " v"
                    + (released.version() + 1) + "' to the CHANGELOG naming each changed field.");
            return;
        }
        Optional<String> section = section(changelog, Pattern.quote(now.name()) + "\\s+v" + now.version() + "\\b");
        if (section.isEmpty()) {
            violations.add(now.name() + " v" + now.version() + " has breaking changes (" + listed
                    + ") but the CHANGELOG has no heading '### " + now.name() + " v" + now.version() + "'.");
            return;
        }
        List<String> unmentioned = changes.stream().map(BreakingChange::fieldName).distinct()
                .filter(field -> !section.get().contains(field)).toList();
        if (!unmentioned.isEmpty()) {
            violations.add("the CHANGELOG section '" + now.name() + " v" + now.version() + "' does not mention "
                    + unmentioned + " (changes: " + listed + ")");
        }
    }

    /** The text under the first Markdown heading that matches {@code headingPattern}, up to the next heading. */
    static Optional<String> section(String markdown, String headingPattern) {
        Pattern wanted = Pattern.compile(headingPattern);
        StringBuilder body = null;
        for (String line : markdown.split("\n")) {
            boolean heading = HEADING.matcher(line).matches();
            if (body != null) {
                if (heading) {
                    break;
                }
                body.append(line).append('\n');
            } else if (heading && wanted.matcher(line).find()) {
                body = new StringBuilder();
            }
        }
        return Optional.ofNullable(body).map(StringBuilder::toString);
    }
}
