package com.menuca.promo.bench.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stack's {@code /metrics} (Prometheus text; in {@code promo dev} one registry holds every component's
 * meters), read and picked apart the one way every meter of the benchmark needs it.
 */
final class StackMetrics {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** A sample line: name, labels (with their braces, or none), value. */
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? ([0-9.eE+-]+|NaN)$",
            Pattern.MULTILINE);

    private StackMetrics() {
    }

    /** {@code <opsUrl>/metrics}. */
    static URI at(String opsUrl) {
        return URI.create(opsUrl + "/metrics");
    }

    /** The whole text, as the stack serves it now. */
    static String read(URI metrics) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Sum of the metric's series whose labels contain {@code labels} (all series when empty); NaN series left out. */
    static double sum(String text, String name, String labels) {
        return values(text, name, labels).stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * Sums of the metric's series whose labels contain {@code labels}, by the value of their label
     * {@code by} (series without it left out), NaN series left out.
     */
    static Map<String, Double> sumBy(String text, String name, String labels, String by) {
        Pattern label = Pattern.compile("[{,]" + Pattern.quote(by) + "=\"([^\"]*)\"");
        Map<String, Double> sums = new TreeMap<>();
        for (Series series : series(text, name, labels)) {
            Matcher value = label.matcher(series.labels());
            if (value.find()) {
                sums.merge(value.group(1), series.value(), Double::sum);
            }
        }
        return sums;
    }

    /** The values of the metric's series whose labels contain {@code labels}, NaN series left out. */
    static List<Double> values(String text, String name, String labels) {
        return series(text, name, labels).stream().map(Series::value).toList();
    }

    /** One sample line: its labels with their braces ({@code ""} when it has none), and its value. */
    private record Series(String labels, double value) {
    }

    /** The metric's series whose labels contain {@code labels} (all series when empty), NaN series left out. */
    private static List<Series> series(String text, String name, String labels) {
        List<Series> series = new ArrayList<>();
        Matcher m = LINE.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(name) && (labels.isEmpty() || (m.group(2) != null && m.group(2).contains(labels)))
                    && !m.group(3).equals("NaN")) {
                series.add(new Series(m.group(2) == null ? "" : m.group(2), Double.parseDouble(m.group(3))));
            }
        }
        return series;
    }
}
