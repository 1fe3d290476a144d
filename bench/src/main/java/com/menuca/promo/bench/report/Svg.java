package com.menuca.promo.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small inline SVG charts: bars with labels, and lines over a numeric x axis. */
final class Svg {
    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1"};
    private static final int WIDTH = 640;
    private static final int HEIGHT = 240;
    private static final int LEFT = 64;
    private static final int BOTTOM = 52;
    private static final int TOP = 40;

    private Svg() {
    }

    /** Grouped bars: one group per label, one bar per series. */
    static String bars(String title, String unit, List<String> labels, Map<String, List<Double>> series) {
        double max = series.values().stream().flatMap(List::stream).filter(v -> v != null).mapToDouble(Double::doubleValue)
                .max().orElse(1);
        max = max <= 0 ? 1 : max;
        StringBuilder svg = open(title, unit, max);
        int plotWidth = WIDTH - LEFT - 16;
        double groupWidth = (double) plotWidth / Math.max(1, labels.size());
        double barWidth = groupWidth * 0.8 / Math.max(1, series.size());
        int s = 0;
        for (Map.Entry<String, List<Double>> entry : series.entrySet()) {
            for (int i = 0; i < labels.size(); i++) {
                Double value = i < entry.getValue().size() ? entry.getValue().get(i) : null;
                if (value == null) {
                    continue;
                }
                double h = value / max * (HEIGHT - TOP - BOTTOM);
                double x = LEFT + i * groupWidth + groupWidth * 0.1 + s * barWidth;
                svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'>"
                                + "<title>%s %s: %s %s</title></rect>", x, HEIGHT - BOTTOM - h, barWidth * 0.95, h,
                        COLORS[s % COLORS.length], Html.escape(entry.getKey()), Html.escape(labels.get(i)), number(value),
                        Html.escape(unit)));
            }
            s++;
        }
        boolean crowded = labels.size() > 10;
        for (int i = 0; i < labels.size(); i++) {
            double x = LEFT + (i + 0.5) * groupWidth;
            int y = HEIGHT - BOTTOM + 12;
            svg.append(crowded
                    ? String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='9' text-anchor='end' transform='rotate(-45 %.1f %d)'>%s</text>",
                            x, y, x, y, Html.escape(labels.get(i)))
                    : String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='10' text-anchor='middle'>%s</text>",
                            x, y, Html.escape(labels.get(i))));
        }
        return legend(svg, series.keySet()).append("</svg>").toString();
    }

    /** Lines over x; a null y leaves a gap. */
    static String lines(String title, String xUnit, String unit, List<Double> xs, Map<String, List<Double>> series) {
        double max = series.values().stream().flatMap(List::stream).filter(v -> v != null).mapToDouble(Double::doubleValue)
                .max().orElse(1);
        max = max <= 0 ? 1 : max;
        double xMax = xs.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        xMax = xMax <= 0 ? 1 : xMax;
        StringBuilder svg = open(title, unit, max);
        int plotWidth = WIDTH - LEFT - 16;
        int s = 0;
        for (Map.Entry<String, List<Double>> entry : series.entrySet()) {
            StringBuilder path = new StringBuilder();
            boolean pen = false;
            for (int i = 0; i < xs.size() && i < entry.getValue().size(); i++) {
                Double y = entry.getValue().get(i);
                if (y == null) {
                    pen = false;
                    continue;
                }
                double px = LEFT + xs.get(i) / xMax * plotWidth;
                double py = HEIGHT - BOTTOM - y / max * (HEIGHT - TOP - BOTTOM);
                path.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
                pen = true;
            }
            svg.append(String.format("<path d='%s' fill='none' stroke='%s' stroke-width='1.5'/>", path,
                    COLORS[s++ % COLORS.length]));
        }
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='10'>0</text>", LEFT, HEIGHT - BOTTOM + 14));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='10' text-anchor='end'>%s %s</text>",
                WIDTH - 16, HEIGHT - BOTTOM + 14, number(xMax), Html.escape(xUnit)));
        return legend(svg, series.keySet()).append("</svg>").toString();
    }

    private static StringBuilder open(String title, String unit, double max) {
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' viewBox='0 0 %d %d' role='img'>"
                        + "<title>%s</title><text x='4' y='16' font-size='13' font-weight='bold'>%s</text>",
                WIDTH, HEIGHT, WIDTH, HEIGHT, Html.escape(title), Html.escape(title)));
        for (int i = 0; i <= 4; i++) {
            double value = max * i / 4;
            double y = HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * i / 4.0;
            svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#ddd'/>"
                            + "<text x='%d' y='%.1f' font-size='10' text-anchor='end'>%s</text>", LEFT, WIDTH - 16, y, y,
                    LEFT - 4, y + 3, number(value)));
        }
        svg.append(String.format(Locale.ROOT, "<text x='4' y='%d' font-size='10' fill='#555'>%s</text>", TOP - 10, Html.escape(unit)));
        return svg;
    }

    private static StringBuilder legend(StringBuilder svg, Iterable<String> names) {
        int x = LEFT;
        int s = 0;
        for (String name : names) {
            svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='10' height='10' fill='%s'/>"
                    + "<text x='%d' y='%d' font-size='11'>%s</text>", x, HEIGHT - 16, COLORS[s++ % COLORS.length], x + 14,
                    HEIGHT - 7, Html.escape(name)));
            x += 24 + name.length() * 7;
        }
        return svg;
    }

    static String number(double value) {
        if (Math.abs(value) >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
