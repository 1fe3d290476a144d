package com.menuca.promo.harness;

import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.docs.DocsGenerator;
import com.menuca.promo.launcher.ConfigurationPage;
import com.menuca.promo.launcher.KafkaSecurityPage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code promo docs}: regenerates the generated pages of docs/: asyncapi.yaml and topics.md from the topic
 * catalogue, configuration.md from the services' settings, channels.md from the gateway's channel map, the ACL
 * section of kafka-security.md from the services' ACL declarations.
 */
@Command(name = "docs", mixinStandardHelpOptions = true,
        description = {"Generate docs/asyncapi.yaml (AsyncAPI 3.0) and docs/topics.md from the topic catalogue and its schemas,",
            "docs/configuration.md from the services' settings, docs/channels.md from the gateway's channel map and the ACL",
            "lists of docs/kafka-security.md.",
            "Run it after changing schemas/src/main/resources/catalog/ or a setting, and commit the result."})
final class DocsCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to write (default: docs).")
    Path directory = Path.of("docs");

    @Option(names = "--check", description = "Write nothing; exit 1 if the files in DIR differ from what would be generated.")
    boolean check;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> files = new TreeMap<>(DocsGenerator.render(Catalog.bundled()));
        files.put(ConfigurationPage.FILE, ConfigurationPage.render(DevPromo.SETTINGS_PAGES));
        files.put(ChannelsPage.FILE, ChannelsPage.render(Catalog.bundled()));
        Path security = directory.resolve(KafkaSecurityPage.FILE);
        if (Files.exists(security)) {
            files.put(KafkaSecurityPage.FILE, KafkaSecurityPage.render(Files.readString(security)));
        }
        if (!check) {
            Files.createDirectories(directory);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = directory.resolve(file.getKey());
                Files.writeString(path, file.getValue());
                spec.commandLine().getOut().println("wrote " + path);
            }
            return 0;
        }
        int stale = 0;
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = directory.resolve(file.getKey());
            if (!Files.exists(path) || !Files.readString(path).equals(file.getValue())) {
                spec.commandLine().getErr().println(path + " is out of date: run ./promo docs");
                stale++;
            }
        }
        return stale == 0 ? 0 : 1;
    }
}
