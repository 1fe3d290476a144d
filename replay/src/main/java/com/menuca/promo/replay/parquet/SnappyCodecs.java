package com.menuca.promo.replay.parquet;

import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Snappy page compression straight through snappy-java. parquet-java's own codec factory builds a Hadoop
 * configuration for every codec but "uncompressed"; this one keeps Hadoop (about 20 MB more) out of the
 * replay tool. Writing only: reading is DuckDB's or pandas' business.
 */
final class SnappyCodecs implements CompressionCodecFactory {
    private static final BytesInputCompressor SNAPPY = new BytesInputCompressor() {
        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            return BytesInput.from(Snappy.compress(bytes.toByteArray()));
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.SNAPPY;
        }

        @Override
        public void release() {
            // stateless
        }
    };

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
        if (codecName != CompressionCodecName.SNAPPY) {
            throw new IllegalArgumentException("only Snappy is built in, not " + codecName);
        }
        return SNAPPY;
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
        throw new UnsupportedOperationException("the replay writes Parquet; it never reads it");
    }

    @Override
    public void release() {
        // nothing held
    }
}
