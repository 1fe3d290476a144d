package com.menuca.promo.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a catalogue and its schema files are read from: the copy bundled on the classpath (what
 * every service runs with), or a directory (the released baseline, or a catalogue being edited).
 * Paths are relative to the catalogue root: {@code topics.yaml}, {@code schemas/<topic>/value.json}.
 */
public interface CatalogSource {

    /** The text of a file, or a {@link NoSuchFileException} naming it. */
    String read(String relativePath) throws IOException;

    /** Where this source is, for messages. */
    String describe();

    /** The catalogue bundled in the schemas jar under {@code catalog/}. */
    static CatalogSource bundled() {
        return classpath("catalog/");
    }

    static CatalogSource classpath(String root) {
        ClassLoader loader = CatalogSource.class.getClassLoader();
        return new CatalogSource() {
            @Override
            public String read(String relativePath) throws IOException {
                try (InputStream in = loader.getResourceAsStream(root + relativePath)) {
                    if (in == null) {
                        throw new NoSuchFileException("classpath:" + root + relativePath);
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }

            @Override
            public String describe() {
                return "classpath:" + root;
            }
        };
    }

    static CatalogSource directory(Path root) {
        return new CatalogSource() {
            @Override
            public String read(String relativePath) throws IOException {
                return Files.readString(root.resolve(relativePath), StandardCharsets.UTF_8);
            }

            @Override
            public String describe() {
                return root.toString();
            }
        };
    }
}
