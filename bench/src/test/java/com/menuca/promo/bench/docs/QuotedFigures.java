package com.menuca.promo.bench.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the figures a performance page quotes against the result files they cite.
 *
 * <p>The convention (docs/performance.md states it for readers): a measured figure is written as a
 * link whose text is the figure and whose target is a committed result file and a JSON Pointer into
 * it: {@code [72,225](benchmarks/capture-2026-12-10.json#/bulk_transaction/rows_per_s)}. The figure
 * must equal the value there, to the digits shown (thousands separators allowed; {@code 13.1} quotes
 * anything from 13.05 to 13.15). Outside code spans, a number followed by a unit of measurement
 * ({@code ms}, {@code rows/s}, {@code cores}, {@code %}, {@code ×}, ...) that is not such a link is
 * reported as unbacked, unless it is a target ({@code ≤ 50 ms}, {@code ≥ 25,000 rows/s}). Every
 * result file the page cites must have its load quoted too (a link into its {@code /load}), so no
 * number is read without knowing how busy the machine was.
 */
final class QuotedFigures {
    private static final Pattern LINK = Pattern.compile("\\[([^\\]\\[]*)\\]\\(([^)#\\s]+\\.json)(?:#([^)\\s]*))?\\)");
    private static final Pattern NUMBER = Pattern.compile("-?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.(\\d+))?");
    private static final Pattern UNIT = Pattern.compile(
            "(?<![\\w.,/#-])(\\d[\\d,]*(?:\\.\\d+)?)\\s?(?:%|×|ms\\b|µs\\b|s\\b|MB\\b|KB\\b|GB\\b|GiB\\b|bytes\\b|cores?\\b"
                    + "|[a-z-]+/s\\b|rows\\b|frames\\b|samples\\b|transactions\\b)");
    private static final Pattern CODE = Pattern.compile("```.*?```|`[^`]*`", Pattern.DOTALL);
    private static final Pattern TARGET_BEFORE = Pattern.compile("(?:[≤≥<>]|target|at most|at least|up to)\\s*$");

    /** A problem found, with the page's line. */
    record Problem(int line, String text) {
        @Override
        public String toString() {
            return "line " + line + ": " + text;
        }
    }

    private final Path page;
    private final String text;
    private final Map<Path, JsonNode> files = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final Set<Path> cited = new LinkedHashSet<>();
    private final Set<Path> loadQuoted = new LinkedHashSet<>();
    private int checkedFigures;

    private QuotedFigures(Path page) throws IOException {
        this.page = page;
        this.text = Files.readString(page);
    }

    /** Checks a page; every problem found, none when every figure is backed. */
    static QuotedFigures check(Path page) throws IOException {
        QuotedFigures figures = new QuotedFigures(page);
        figures.checkLinks();
        figures.checkUnlinkedNumbers();
        figures.checkLoadQuoted();
        return figures;
    }

    List<Problem> problems() {
        return problems;
    }

    int checkedFigures() {
        return checkedFigures;
    }

    Set<Path> citedFiles() {
        return cited;
    }

    private void checkLinks() {
        Matcher link = LINK.matcher(text);
        while (link.find()) {
            int line = lineOf(link.start());
            Path file = page.getParent().resolve(link.group(2)).normalize();
            JsonNode json = read(file, line);
            if (json == null) {
                continue;
            }
            cited.add(file);
            // a JSON pointer in a URI fragment is percent-encoded (RFC 6901, section 6): a key with spaces is %20
            String pointer = link.group(3) == null ? null : URLDecoder.decode(link.group(3).replace("+", "%2B"),
                    StandardCharsets.UTF_8);
            if (pointer == null || pointer.isEmpty()) {
                continue;   // a link to the file as a whole
            }
            if (pointer.startsWith("/load")) {
                loadQuoted.add(file);
            }
            JsonNode value = json.at(pointer);
            String figure = link.group(1).trim();
            if (value.isMissingNode()) {
                problems.add(new Problem(line, "'" + figure + "': " + link.group(2) + " has nothing at " + pointer));
            } else if (!matches(figure, value)) {
                problems.add(new Problem(line, "'" + figure + "' but " + link.group(2) + "#" + pointer + " is " + value));
            } else {
                checkedFigures++;
            }
        }
    }

    private JsonNode read(Path file, int line) {
        if (files.containsKey(file)) {
            return files.get(file);
        }
        JsonNode json = null;
        try {
            json = Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            problems.add(new Problem(line, "cannot read result file " + page.getParent().relativize(file) + ": " + e.getMessage()));
        }
        files.put(file, json);
        return json;
    }

    /** A number quoted to the digits shown, or a text or boolean quoted exactly. */
    static boolean matches(String figure, JsonNode value) {
        Matcher number = NUMBER.matcher(figure);
        if (number.matches()) {
            if (!value.isNumber()) {
                return false;
            }
            BigDecimal quoted = new BigDecimal(figure.replace(",", ""));
            int decimals = number.group(1) == null ? 0 : number.group(1).length();
            BigDecimal halfStep = BigDecimal.ONE.movePointLeft(decimals).divide(BigDecimal.valueOf(2));
            return value.decimalValue().subtract(quoted).abs().compareTo(halfStep) <= 0;
        }
        return (value.isTextual() || value.isBoolean()) && value.asText().equals(figure);
    }

    /** Numbers with a unit outside links and code, that are not targets. */
    private void checkUnlinkedNumbers() {
        String prose = blank(text, CODE);
        prose = blank(prose, LINK);
        // other links' targets (other pages) and HTML comments carry no figures
        prose = blank(prose, Pattern.compile("\\]\\([^)]*\\)|<!--.*?-->", Pattern.DOTALL));
        Matcher unit = UNIT.matcher(prose);
        while (unit.find()) {
            String before = prose.substring(Math.max(0, unit.start() - 12), unit.start());
            if (TARGET_BEFORE.matcher(before).find()) {
                continue;
            }
            problems.add(new Problem(lineOf(unit.start()), "'" + unit.group().trim()
                    + "' is not a link to a result file (write [figure](benchmarks/FILE.json#/json/pointer))"));
        }
    }

    private void checkLoadQuoted() {
        for (Path file : cited) {
            if (files.get(file) != null && !loadQuoted.contains(file)) {
                problems.add(new Problem(0, page.getParent().relativize(file) + " is cited but its load (a link into /load) "
                        + "is not quoted: say how busy the machine was"));
            }
        }
    }

    /** Replaces every match with spaces, keeping offsets (and so line numbers) as they were. */
    private static String blank(String s, Pattern pattern) {
        Matcher m = pattern.matcher(s);
        StringBuilder out = new StringBuilder(s);
        while (m.find()) {
            for (int i = m.start(); i < m.end(); i++) {
                if (out.charAt(i) != '\n') {
                    out.setCharAt(i, ' ');
                }
            }
        }
        return out.toString();
    }

    private int lineOf(int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
