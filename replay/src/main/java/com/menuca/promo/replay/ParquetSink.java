package com.menuca.promo.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.replay.parquet.ParquetColumns;
import com.menuca.promo.replay.parquet.ParquetFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Parquet file of one topic: the columns of its {@link RowLayout}, typed. */
final class ParquetSink implements EventSink {
    private final RowLayout layout;
    private final ParquetFile file;
    private boolean closed;

    ParquetSink(Path path, RowLayout layout) throws IOException {
        this.layout = layout;
        this.file = new ParquetFile(path, layout.names(),
                layout.columns().stream().map(c -> ParquetColumns.Type.valueOf(c.kind().name())).toList());
    }

    @Override
    public void accept(ReplayedEvent event) throws IOException {
        List<JsonNode> values = new ArrayList<>(layout.columns().size());
        for (RowLayout.Column column : layout.columns()) {
            values.add(column.value().apply(event));
        }
        try {
            file.write(values);
        } catch (IllegalArgumentException e) {
            throw new ReplayException(event.topic().name() + "-" + event.partition() + "@" + event.offset()
                    + " cannot be written to Parquet: " + e.getMessage(), e);
        }
    }

    /** Closes the file: Parquet's footer is written here. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            file.close();
        }
    }
}
