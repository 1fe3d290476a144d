package com.menuca.promo.launcher;

import com.menuca.promo.common.kafka.KafkaSetupException;
import com.menuca.promo.replay.EventSelection;
import com.menuca.promo.replay.ReplayEngine;
import com.menuca.promo.replay.ReplayException;
import com.menuca.promo.replay.ReplayOutput;
import com.menuca.promo.replay.ReplayProgress;
import com.menuca.promo.replay.ReplayRange;
import com.menuca.promo.catalog.Catalog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code promo replay}: the history of catalogue topics, for analysts. Wires the options to the replay engine. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay the events of a commit-time or offset range from Kafka, each exactly once and in partition order,",
            "as JSON lines or CSV on stdout, or into --out (CSV and Parquet of several topics: a directory, one file per table);",
            "progress goes to stderr. Record times are commit times in PostgreSQL (docs/topics.md, docs/analysts.md).",
            "Example: promo replay --topic cdc --from 2026-11-28 --to 2026-11-29 --format parquet --out day/"})
final class ReplayCommand implements Callable<Integer> {
    enum Format { jsonl, csv, parquet }

    @Option(names = "--topic", required = true, paramLabel = "NAME|cdc|derived",
            description = "A topic of the catalogue, cdc (every change topic) or derived (every derived topic).")
    String topic;

    @Option(names = "--from", required = true, paramLabel = "TIME|OFFSET|beginning",
            description = "Start: an ISO-8601 time (2026-11-28T03:00:00Z, 2026-11-28T05:00+02:00, 2026-11-28 = UTC midnight),"
                    + " an offset (the same in every partition) or beginning. Times select by record time (commit time), inclusive.")
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

    @Option(names = "--format", paramLabel = "jsonl|csv|parquet",
            description = "jsonl (default): {topic, partition, offset, timestamp, key, value} per line. csv and parquet, per topic:"
                    + " topic, partition, offset, commit_time, lsn, tx_id, op, key, the row's columns (the old row for deletes)"
                    + " and for updates the old row as before_<column>; derived topics: record_time, event_type, key and"
                    + " the event's fields. Parquet columns are typed (decimal, timestamp, bigint, boolean).")
    Format format = Format.jsonl;

    @Option(names = "--out", paramLabel = "FILE|DIR",
            description = "Write here instead of stdout. A directory (needed for csv and parquet of several topics): one file"
                    + " per table or topic.")
    Path out;

    @Option(names = "--gzip", description = "Compress jsonl and csv output (files get .gz in a directory).")
    boolean gzip;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N events.")
    Long limit;

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
            KafkaToolConfig config = kafka.load(spec.commandLine().getErr());
            ReplayProgress progress = quiet ? ReplayProgress.silent()
                    : new ReplayProgress(spec.commandLine().getErr(), Duration.ofSeconds(1));
            try (ReplayOutput output = ReplayOutput.open(ReplayOutput.Format.valueOf(format.name().toUpperCase(Locale.ROOT)),
                    gzip, out, spec.commandLine().getOut(), catalog, selection.topics())) {
                new ReplayEngine(config.kafka(), config.timeout())
                        .replay(selection, range, limit == null ? Long.MAX_VALUE : limit, output.sink(), progress);
                if (!quiet && output.files().size() > 1) {
                    spec.commandLine().getErr().println("replay: wrote " + output.files());
                }
            }
            return 0;
        } catch (ReplayException | KafkaSetupException | IOException e) {
            spec.commandLine().getErr().println("promo replay: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return Promo.EXIT_SETUP_PROBLEM;
        }
    }

}
