package com.menuca.promo.replay;

import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.CatalogTopic;
import com.menuca.promo.catalog.TopicGroup;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Where a replay writes, decided before anything is read:
 * <ul>
 *   <li>JSON lines: one stream (stdout or {@code --out FILE}); every line names its topic.</li>
 *   <li>CSV and Parquet of one topic: {@code --out FILE} (CSV also stdout).</li>
 *   <li>CSV and Parquet of several topics (say {@code --topic cdc}): {@code --out DIR}, one file per
 *       topic named after its table ({@code promotional_deals.csv}) or its topic ({@code deal-lifecycle.parquet}),
 *       each with its own header; every file is written, also when no event of its topic was in range.</li>
 *   <li>{@code gzip}: JSON lines and CSV files compressed ({@code .gz} added to names in a directory).
 *       Parquet compresses its pages itself (Snappy).</li>
 * </ul>
 */
public final class ReplayOutput implements AutoCloseable {
    /** What the events are written as. */
    public enum Format { JSONL, CSV, PARQUET;

        String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final EventSink sink;
    private final List<Closeable> opened;
    private final List<Path> files;

    private ReplayOutput(EventSink sink, List<Closeable> opened, List<Path> files) {
        this.sink = sink;
        this.opened = opened;
        this.files = files;
    }

    /**
     * @param out    the file or directory of {@code --out}, or null for {@code stdout}
     * @param stdout where to write without {@code --out}
     * @throws ReplayException when the combination cannot work, saying what would
     */
    public static ReplayOutput open(Format format, boolean gzip, Path out, Writer stdout, Catalog catalog,
                                    List<CatalogTopic> topics) throws IOException {
        if (gzip && format == Format.PARQUET) {
            throw new ReplayException("--gzip is for jsonl and csv: Parquet compresses its pages itself (Snappy)");
        }
        if (gzip && out == null) {
            throw new ReplayException("--gzip needs --out: compressed data on a terminal helps nobody (or pipe into gzip)");
        }
        boolean perTopic = format != Format.JSONL && topics.size() > 1 || out != null && Files.isDirectory(out);
        List<Closeable> opened = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try {
            if (perTopic) {
                if (out == null) {
                    throw new ReplayException(format.extension() + " of " + topics.size() + " topics needs --out DIR: one file per "
                            + "topic (per table), each with its own columns");
                }
                if (Files.exists(out) && !Files.isDirectory(out)) {
                    throw new ReplayException("--out " + out + " is a file, but " + topics.size() + " topics need a directory");
                }
                Files.createDirectories(out);
                Map<String, EventSink> sinks = new LinkedHashMap<>();
                for (CatalogTopic topic : topics) {
                    Path file = out.resolve(fileName(topic) + "." + format.extension() + (gzip ? ".gz" : ""));
                    files.add(file);
                    sinks.put(topic.name(), sink(format, file, gzip, catalog, topic, opened));
                }
                return new ReplayOutput(new PerTopicSink(sinks), opened, files);
            }
            if (format == Format.PARQUET && out == null) {
                throw new ReplayException("parquet needs --out FILE (or DIR): it is a binary file, not a stream");
            }
            if (out != null) {
                files.add(out);
                return new ReplayOutput(format == Format.JSONL ? new JsonLinesSink(writer(out, gzip, opened))
                        : sink(format, out, gzip, catalog, topics.get(0), opened), opened, files);
            }
            return new ReplayOutput(format == Format.JSONL ? new JsonLinesSink(stdout)
                    : new CsvSink(stdout, RowLayout.of(catalog, topics.get(0))), opened, files);
        } catch (IOException | RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    /** A file name analysts recognise: the table of a change topic, the topic without {@code promo.} otherwise. */
    static String fileName(CatalogTopic topic) {
        if (topic.group() == TopicGroup.CDC && topic.table() != null) {
            return topic.table();
        }
        return topic.name().startsWith("promo.") ? topic.name().substring("promo.".length()) : topic.name();
    }

    private static EventSink sink(Format format, Path file, boolean gzip, Catalog catalog, CatalogTopic topic,
                                  List<Closeable> opened) throws IOException {
        return switch (format) {
            case JSONL -> new JsonLinesSink(writer(file, gzip, opened));
            case CSV -> new CsvSink(writer(file, gzip, opened), RowLayout.of(catalog, topic));
            case PARQUET -> new ParquetSink(file, RowLayout.of(catalog, topic));
        };
    }

    private static Writer writer(Path file, boolean gzip, List<Closeable> opened) throws IOException {
        OutputStream stream = Files.newOutputStream(file);
        if (gzip) {
            stream = new GZIPOutputStream(stream, 64 * 1024);
        }
        Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024);
        opened.add(writer);
        return writer;
    }

    public EventSink sink() {
        return sink;
    }

    /** The files written (empty for stdout). */
    public List<Path> files() {
        return List.copyOf(files);
    }

    /** Closes the sinks (Parquet writes its footer) and every file opened (gzip writes its trailer). */
    @Override
    public void close() throws IOException {
        try {
            sink.close();
        } finally {
            closeAll(opened);
        }
    }

    private static void closeAll(List<Closeable> opened) throws IOException {
        IOException first = null;
        for (Closeable closeable : opened) {
            try {
                closeable.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
