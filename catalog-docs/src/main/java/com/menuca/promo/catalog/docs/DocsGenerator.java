package com.menuca.promo.catalog.docs;

import com.menuca.promo.catalog.Catalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates the contract documents from the catalogue: {@code docs/asyncapi.yaml} and
 * {@code docs/topics.md}. Run by {@code ./promo docs}, or {@code java ... DocsGenerator [DIR]}.
 */
public final class DocsGenerator {
    public static final String ASYNCAPI_FILE = "asyncapi.yaml";
    public static final String TOPICS_FILE = "topics.md";

    private DocsGenerator() {
    }

    /** File name to content, in a stable order. */
    public static Map<String, String> render(Catalog catalog) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(ASYNCAPI_FILE, AsyncApiDocument.render(catalog));
        files.put(TOPICS_FILE, TopicsPage.render(catalog));
        return files;
    }

    /** Writes the documents into {@code directory}; returns the files written. */
    public static List<Path> write(Catalog catalog, Path directory) throws IOException {
        Files.createDirectories(directory);
        List<Path> written = new java.util.ArrayList<>();
        for (Map.Entry<String, String> file : render(catalog).entrySet()) {
            Path path = directory.resolve(file.getKey());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            written.add(path);
        }
        return written;
    }

    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args.length > 0 ? args[0] : "docs");
        write(Catalog.bundled(), directory).forEach(path -> System.out.println("wrote " + path));
    }
}
