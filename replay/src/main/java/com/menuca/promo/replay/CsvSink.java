package com.menuca.promo.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;

/**
 * CSV of one topic with a header row: the columns of its {@link RowLayout}. Times are ISO-8601 UTC, money
 * exact decimals, null and absent values empty, nested values JSON text.
 */
public final class CsvSink implements EventSink {
    /** Quotes only values that need it (Jackson otherwise quotes every value longer than 24 characters). */
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

    private final RowLayout layout;
    private final SequenceWriter rows;

    CsvSink(Writer out, RowLayout layout) throws IOException {
        this.layout = layout;
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(false);
        layout.names().forEach(schema::addColumn);
        this.rows = CSV.writerFor(String[].class).with(schema.build()).writeValues(out);
        // The header as a row of its own: written now, so a topic without events in range still gets its columns.
        rows.write(layout.names().toArray(String[]::new));
    }

    @Override
    public void accept(ReplayedEvent event) throws IOException {
        String[] row = new String[layout.columns().size()];
        for (int i = 0; i < row.length; i++) {
            RowLayout.Column column = layout.columns().get(i);
            row[i] = cell(column.kind(), column.value().apply(event));
        }
        rows.write(row);
    }

    private static String cell(ColumnKind kind, JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (kind == ColumnKind.TIMESTAMP && value.isIntegralNumber()) {
            return Instant.ofEpochMilli(value.asLong()).toString();
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    @Override
    public void close() throws IOException {
        rows.flush();
    }
}
