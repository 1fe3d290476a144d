package com.menuca.promo.gateway.rest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Files served at {@code /}: from a directory when one is configured, else from the classpath folder
 * {@code static/} of this module. {@code /} means {@code /index.html}. Paths that leave the root
 * ({@code ..}) are never served.
 */
public final class StaticFiles {
    /** A file's bytes and content type. */
    public record File(byte[] bytes, String contentType) {
    }

    private static final String CLASSPATH_ROOT = "static";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "json", "application/json", "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon",
            "map", "application/json", "txt", "text/plain; charset=utf-8");

    private final Path directory;

    /** @param directory the root, or null for the built-in files */
    public StaticFiles(Path directory) {
        this.directory = directory == null ? null : directory.toAbsolutePath().normalize();
    }

    public Optional<File> find(String requestPath) throws IOException {
        String path = requestPath.equals("/") || requestPath.isEmpty() ? "/index.html" : requestPath;
        if (path.contains("..") || path.contains("\\") || path.contains("\0")) {
            return Optional.empty();
        }
        String relative = path.substring(1);
        String type = TYPES.getOrDefault(extension(relative), "application/octet-stream");
        if (directory != null) {
            Path file = directory.resolve(relative).normalize();
            if (!file.startsWith(directory) || !Files.isRegularFile(file)) {
                return Optional.empty();
            }
            return Optional.of(new File(Files.readAllBytes(file), type));
        }
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(CLASSPATH_ROOT + "/" + relative)) {
            return in == null ? Optional.empty() : Optional.of(new File(in.readAllBytes(), type));
        }
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
