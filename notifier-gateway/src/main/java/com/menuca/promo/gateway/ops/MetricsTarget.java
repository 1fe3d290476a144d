package com.menuca.promo.gateway.ops;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A service whose metrics the operator view shows: a name (capture, processor-0, ...) and the URL of
 * its {@code /metrics}.
 */
public record MetricsTarget(String name, URI url) {
    /** The name the gateway's own metrics go by. */
    public static final String SELF = "gateway";

    /**
     * Reads {@code name=url} pairs separated by commas, e.g.
     * {@code capture=http://capture:8081/metrics,processor-0=http://processor-0.processor:8082/metrics}.
     *
     * @throws IllegalArgumentException naming the bad entry: not name=url, a name used twice (or
     *                                  {@value #SELF}, which is the gateway itself), a URL that is not http(s)
     */
    public static List<MetricsTarget> parseList(String text) {
        List<MetricsTarget> targets = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return targets;
        }
        Set<String> names = new HashSet<>();
        names.add(SELF);
        for (String entry : text.split(",")) {
            String trimmed = entry.trim();
            int equals = trimmed.indexOf('=');
            if (equals <= 0 || equals == trimmed.length() - 1) {
                throw new IllegalArgumentException("'" + trimmed + "' is not name=url (e.g. capture=http://capture:8081/metrics)");
            }
            String name = trimmed.substring(0, equals).trim();
            if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new IllegalArgumentException("target name '" + name + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("target name '" + name + "' is used twice"
                        + (name.equals(SELF) ? " (the gateway's own metrics go by it)" : ""));
            }
            URI url;
            try {
                url = URI.create(trimmed.substring(equals + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("URL of target '" + name + "' is not a URL: " + e.getMessage());
            }
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                throw new IllegalArgumentException("URL of target '" + name + "' must be http(s)://host:port/metrics, got '" + url + "'");
            }
            targets.add(new MetricsTarget(name, url));
        }
        return targets;
    }
}
