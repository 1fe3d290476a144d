package com.menuca.promo.launcher.monitoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The series selectors of a PromQL expression — each metric name with its label matchers — read well
 * enough to check that the shipped rules and dashboard name metrics the services export. Not a PromQL
 * parser: functions and aggregations are recognised by the parenthesis after them, label lists by the
 * keyword before them, and durations by their brackets; promtool itself checks the syntax.
 */
final class PromQlSelectors {
    /** A metric name and its label matchers ({@code =}, {@code !=}, {@code =~}, {@code !~}). */
    record Selector(String metric, List<Matcher> matchers) {
    }

    record Matcher(String label, String op, String value) {
        boolean matches(String actual) {
            return switch (op) {
                case "=" -> value.equals(actual);
                case "!=" -> !value.equals(actual);
                case "=~" -> actual != null && Pattern.compile(value).matcher(actual).matches();
                case "!~" -> actual == null || !Pattern.compile(value).matcher(actual).matches();
                default -> throw new IllegalStateException(op);
            };
        }
    }

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan", "atan2", "start", "end",
            // aggregation operators: followed by a label list (sum by (job) (...)) rather than a parenthesis
            "sum", "avg", "min", "max", "count", "group", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values");
    /** Keywords followed by a parenthesised list of label names, not an expression. */
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private final String text;
    private int pos;

    private PromQlSelectors(String text) {
        this.text = text;
    }

    static List<Selector> of(String expression) {
        return new PromQlSelectors(expression).read();
    }

    private List<Selector> read() {
        List<Selector> selectors = new ArrayList<>();
        String previousWord = null;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"' || c == '\'' || c == '`') {
                string();
                previousWord = null;
            } else if (c == '[') {
                pos = text.indexOf(']', pos) + 1;
            } else if (c == '(' && previousWord != null && LABEL_LISTS.contains(previousWord)) {
                pos = text.indexOf(')', pos) + 1;
                previousWord = null;
            } else if (Character.isDigit(c) || c == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1))) {
                // a number or a duration (5m, 1.5e3): not a name
                while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                    pos++;
                }
                previousWord = null;
            } else if (c == '{') {
                // a selector with no name ({__name__="..."}) names nothing we check
                matchers();
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = pos;
                while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                        || text.charAt(pos) == ':')) {
                    pos++;
                }
                String word = text.substring(start, pos);
                int next = skipSpaces(pos);
                boolean call = next < text.length() && text.charAt(next) == '(';
                if (KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT)) || call) {
                    previousWord = word.toLowerCase(java.util.Locale.ROOT);
                    continue;
                }
                List<Matcher> matchers = List.of();
                if (next < text.length() && text.charAt(next) == '{') {
                    pos = next;
                    matchers = matchers();
                }
                selectors.add(new Selector(word, matchers));
                previousWord = null;
            } else {
                if (!Character.isWhitespace(c)) {
                    previousWord = null;
                }
                pos++;
            }
        }
        return selectors;
    }

    private List<Matcher> matchers() {
        List<Matcher> matchers = new ArrayList<>();
        pos++; // {
        while (true) {
            pos = skipSpaces(pos);
            if (text.charAt(pos) == '}') {
                pos++;
                return matchers;
            }
            if (text.charAt(pos) == ',') {
                pos++;
                continue;
            }
            int start = pos;
            while (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_') {
                pos++;
            }
            String label = text.substring(start, pos);
            pos = skipSpaces(pos);
            String op = text.startsWith("=~", pos) ? "=~" : text.startsWith("!~", pos) ? "!~"
                    : text.startsWith("!=", pos) ? "!=" : "=";
            pos += op.length();
            pos = skipSpaces(pos);
            matchers.add(new Matcher(label, op, string()));
        }
    }

    /** Reads a string literal at pos, with PromQL's (Go's) escapes undone for double and single quotes. */
    private String string() {
        char quote = text.charAt(pos++);
        StringBuilder value = new StringBuilder();
        while (text.charAt(pos) != quote) {
            char c = text.charAt(pos++);
            if (c == '\\' && quote != '`') {
                char escaped = text.charAt(pos++);
                value.append(switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> escaped;
                });
            } else {
                value.append(c);
            }
        }
        pos++;
        return value.toString();
    }

    private int skipSpaces(int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Label matchers as label → matcher, for messages. */
    static Map<String, String> describe(List<Matcher> matchers) {
        Map<String, String> described = new LinkedHashMap<>();
        matchers.forEach(m -> described.put(m.label(), m.op() + m.value()));
        return described;
    }
}
