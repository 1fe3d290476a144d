package com.menuca.promo.launcher;

import com.menuca.promo.replay.CsvSink;
import com.menuca.promo.replay.EventSelection;
import com.menuca.promo.replay.EventSink;
import com.menuca.promo.replay.JsonLinesSink;
import com.menuca.promo.replay.ReplayEngine;
import com.menuca.promo.replay.ReplayException;
import com.menuca.promo.replay.ReplayProgress;
import com.menuca.promo.replay.ReplayRange;
import com.menuca.promo.catalog.Catalog;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code promo replay}: the history of catalogue topics, for analysts. Wires the options to the replay engine. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay the events of a time or offset range from Kafka, each exactly once and in partition order,",
            "as JSON lines or CSV on stdout (or --out FILE); progress goes to stderr.",
            "Example: promo replay --topic cdc --from 2026-11-28T00:00:00Z --to 2026-11-29 --restaurant 42 --format csv"})
final class ReplayCommand implements Callable<Integer> {
    enum Format { jsonl, csv }

    @Option(names = "--topic", required = true, paramLabel = "NAME|cdc|derived",
            description = "A topic of the catalogue, cdc (every change topic) or derived (every derived topic).")
    String topic;

    @Option(names = "--from", required = true, paramLabel = "TIME|OFFSET|beginning",
            description = "Start: an ISO-8601 time (2026-11-28T03:00:00Z, 2026-11-28T05:00+02:00, 2026-11-28 = UTC midnight),"
                    + " an offset (the same in every partition) or beginning. Times select by record timestamp, inclusive.")
    String from;

    @Option(names = "--to", paramLabel = "TIME|now",
            description = "Stop: an ISO-8601 time (exclusive) or now, meaning what the topics hold when the replay starts (default).")
    String to;

    @Option(names = "--restaurant", paramLabel = "ID",
            description = "Only this restaurant's events: restaurant_id of the row (the old row for deletes) or of the derived event.")
    Long restaurant;

    @Option(names = "--table", paramLabel = "NAME", description = "Only the change topic of this menuca_v3 table.")
    String table;

    @Option(names = "--type", paramLabel = "EVENT",
            description = "Only this event type: a derived event's type, or a change's op (c insert, u update, d delete, r snapshot read).")
    String type;

    @Option(names = "--format", paramLabel = "jsonl|csv",
            description = "jsonl (default): {topic, partition, offset, timestamp, key, value} per line. csv: a header row, then"
                    + " topic, partition, offset, timestamp, event_type, key and the row's columns (after, or before for deletes).")
    Format format = Format.jsonl;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the events here instead of stdout.")
    Path out;

    @Option(names = "--quiet", description = "No progress on stderr.")
    boolean quiet;

    @Mixin
    KafkaToolOptions kafka;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            Catalog catalog = Catalog.bundled();
            EventSelection selection = EventSelection.of(catalog, topic, table, restaurant, type);
            ReplayRange range = ReplayRange.parse(from, to);
            KafkaToolConfig config = kafka.load();
            ReplayProgress progress = quiet ? ReplayProgress.silent()
                    : new ReplayProgress(spec.commandLine().getErr(), Duration.ofSeconds(1));
            Writer writer = out == null ? spec.commandLine().getOut() : openOut();
            try {
                EventSink sink = format == Format.csv ? new CsvSink(writer, catalog, selection.topics()) : new JsonLinesSink(writer);
                new ReplayEngine(config.bootstrapServers(), config.timeout()).replay(selection, range, sink, progress);
            } finally {
                if (out != null) {
                    writer.close();
                }
            }
            return 0;
        } catch (ReplayException | IOException e) {
            spec.commandLine().getErr().println("promo replay: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return Promo.EXIT_SETUP_PROBLEM;
        }
    }

    private Writer openOut() {
        try {
            return Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ReplayException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }
}
