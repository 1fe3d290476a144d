package com.menuca.promo.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.CatalogTopic;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * CSV with a header row: where the event was ({@code topic, partition, offset, timestamp}), its
 * {@code event_type} (a change's op, a derived event's type), its {@code key} as JSON, then one column
 * per field: a change's row image flattened ({@code after}, or {@code before} for a delete) or a derived
 * event's top-level fields. Columns are the union of the selected topics' fields in schema order, known
 * before the first event; a field an event lacks is empty, null is empty, nested values are JSON text.
 */
public final class CsvSink implements EventSink {
    static final List<String> LEADING_COLUMNS = List.of("topic", "partition", "offset", "timestamp", "event_type", "key");
    /** Quotes only values that need it (Jackson otherwise quotes every value longer than 24 characters). */
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

    private final List<String> fields;
    private final SequenceWriter rows;

    public CsvSink(Writer out, Catalog catalog, List<CatalogTopic> topics) throws IOException {
        Set<String> union = new LinkedHashSet<>();
        topics.forEach(topic -> union.addAll(EventSelection.columns(catalog, topic)));
        union.removeAll(LEADING_COLUMNS);
        this.fields = List.copyOf(union);
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        LEADING_COLUMNS.forEach(schema::addColumn);
        fields.forEach(schema::addColumn);
        this.rows = CSV.writerFor(String[].class).with(schema.build()).writeValues(out);
    }

    @Override
    public void accept(ReplayedEvent event) throws IOException {
        List<String> row = new ArrayList<>(LEADING_COLUMNS.size() + fields.size());
        row.add(event.topic().name());
        row.add(String.valueOf(event.partition()));
        row.add(String.valueOf(event.offset()));
        row.add(event.timestamp().toString());
        row.add(EventSelection.type(event.topic(), event.value()));
        row.add(event.key().isTextual() ? event.key().asText() : event.key().toString());
        JsonNode record = EventSelection.record(event.topic(), event.value());
        for (String field : fields) {
            row.add(cell(record.path(field)));
        }
        rows.write(row.toArray(String[]::new));
    }

    private static String cell(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    @Override
    public void close() throws IOException {
        rows.flush();
    }
}
