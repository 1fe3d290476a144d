package com.menuca.promo.replay.parquet;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

/**
 * One Parquet file of typed rows, Snappy-compressed, written with parquet-java without Hadoop (a plain
 * configuration, a local output file and {@link SnappyCodecs}).
 */
public final class ParquetFile implements AutoCloseable {
    private final List<String> names;
    private final List<ParquetColumns.Type> types;
    private final ParquetWriter<Object[]> writer;

    /**
     * @param names column names, in order
     * @param types their types
     */
    public ParquetFile(Path path, List<String> names, List<ParquetColumns.Type> types) throws IOException {
        this.names = List.copyOf(names);
        this.types = List.copyOf(types);
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (int i = 0; i < names.size(); i++) {
            ParquetColumns.add(message, names.get(i), types.get(i));
        }
        MessageType schema = message.named("event");
        Files.deleteIfExists(path);
        this.writer = new Builder(new LocalOutputFile(path), new RowWriteSupport(schema, this.types))
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new SnappyCodecs())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }

    /** Writes a row of JSON values, one per column (null or missing for a null). */
    public void write(List<JsonNode> values) throws IOException {
        Object[] row = new Object[names.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = ParquetColumns.cell(names.get(i), types.get(i), values.get(i));
        }
        writer.write(row);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final WriteSupport<Object[]> support;

        Builder(LocalOutputFile file, WriteSupport<Object[]> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
            return support;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }
    }
}
