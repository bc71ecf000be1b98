package org.ntklab.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Parses data-set spec strings ({@link DataSpec#GRAMMAR}). Items are split on commas; a bare integer
 * right after {@code classes=} continues the class list ({@code classes=0,1,n=100}); the bare words
 * {@code parity} and {@code all} stand for {@code classes=parity} and {@code classes=all}; a csv spec
 * may start with its path without {@code path=}. Unknown kinds, unknown or repeated keys and
 * malformed values are errors that quote the spec and the grammar.
 */
final class DataSpecParser {
    private static final Map<String, Set<String>> KEYS = Map.of(
            "circle", Set.of("n", "sectors", "random", "near", "test", "norm"),
            "sphere", Set.of("d", "n", "teacher", "near", "test", "norm"),
            "mnist", Set.of("classes", "n", "test", "norm", "source"),
            "fashion", Set.of("classes", "n", "test", "norm"),
            "idx", Set.of("images", "labels", "classes", "n", "test", "norm"),
            "csv", Set.of("path", "classes", "n", "test", "norm"));

    private final String spec;
    private final String kind;
    private final Map<String, String> options = new LinkedHashMap<>();

    private DataSpecParser(String spec) {
        this.spec = spec;
        int colon = spec.indexOf(':');
        this.kind = (colon < 0 ? spec : spec.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
        if (!KEYS.containsKey(kind)) {
            throw error("unknown kind '" + kind + "', expected one of circle, sphere, mnist, fashion, idx, csv");
        }
        if (colon >= 0 && !spec.substring(colon + 1).isBlank()) {
            split(spec.substring(colon + 1));
        }
    }

    static DataSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new DataSpecException("empty data spec; grammar: " + DataSpec.GRAMMAR);
        }
        return new DataSpecParser(spec.strip()).build();
    }

    private void split(String items) {
        String lastKey = null;
        StringBuilder classList = null; // the value of classes=, continued by bare integers
        for (String raw : items.split(",", -1)) {
            String item = raw.strip();
            if (item.isEmpty()) {
                throw error("empty item (two commas in a row, or a trailing comma)");
            }
            int eq = item.indexOf('=');
            if (eq < 0) {
                if ("classes".equals(lastKey)) {
                    if (!item.matches("-?\\d+")) {
                        throw error("classes must be integers, 'parity' or 'all'; '" + item + "' is none of these"
                                + " and not key=value");
                    }
                    classList.append(',').append(item); // not String +: a long list would take quadratic time
                    continue;
                }
                if (item.equals("parity") || item.equals("all")) {
                    put("classes", item);
                } else if (kind.equals("csv") && options.isEmpty()) {
                    put("path", item);
                } else {
                    throw error("item '" + item + "' is not key=value");
                }
                lastKey = null;
                continue;
            }
            String key = item.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            put(key, item.substring(eq + 1).strip());
            if (key.equals("classes")) {
                classList = new StringBuilder(options.get("classes"));
            }
            lastKey = key;
        }
        if (classList != null) {
            options.put("classes", classList.toString());
        }
    }

    private void put(String key, String value) {
        if (!KEYS.get(kind).contains(key)) {
            throw error("unknown key '" + key + "' for " + kind + ", accepted keys: " + String.join(", ", sorted(KEYS.get(kind))));
        }
        if (options.containsKey(key)) {
            throw error("key '" + key + "' given twice");
        }
        options.put(key, value);
    }

    private DataSpec build() {
        try {
            return switch (kind) {
                case "circle" -> {
                    int n = positiveInt("n", 6);
                    if (!options.containsKey("sectors") && n % 2 != 0) {
                        throw error("sectors defaults to n, which is odd here (n=" + n + "); give an even sectors=K");
                    }
                    yield new CircleSpec(n, positiveInt("sectors", n), bool("random", false), distance("near"),
                            nonNegativeInt("test", 0), norm());
                }
                case "sphere" -> new SphereSpec(positiveInt("d", 10), positiveInt("n", 64), teacher(), distance("near"),
                        nonNegativeInt("test", 0), norm());
                case "mnist" -> labelled(new SampleSource.Mnist(origin()));
                case "fashion" -> labelled(new SampleSource.Fashion());
                case "idx" -> labelled(new SampleSource.Idx(path("images"), path("labels")));
                case "csv" -> labelled(new SampleSource.Csv(path("path")));
                default -> throw new AssertionError(kind);
            };
        } catch (DataSpecException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // a value the spec records reject (an odd sector count, a distance out of range)
            throw error(e.getMessage());
        }
    }

    private LabelledSpec labelled(SampleSource source) {
        String n = options.get("n");
        OptionalInt perClass = n == null || n.equals("all") ? OptionalInt.empty() : OptionalInt.of(positiveInt("n", 0));
        return new LabelledSpec(source, classes(), perClass, nonNegativeInt("test", 0), norm());
    }

    private ClassSelection classes() {
        String value = options.get("classes");
        if (value == null || value.equals("all")) {
            return ClassSelection.all();
        }
        if (value.equals("parity")) {
            return ClassSelection.parity();
        }
        Set<Integer> classes = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            try {
                if (!classes.add(Integer.parseInt(part.strip()))) {
                    throw error("classes lists " + part.strip() + " twice");
                }
            } catch (NumberFormatException e) {
                throw error("classes must be integers, 'parity' or 'all', got '" + value + "'");
            }
        }
        if (classes.size() < 2) {
            throw error("classes=" + value + " selects one class; a classification set needs at least two");
        }
        return ClassSelection.of(classes.stream().mapToInt(Integer::intValue).toArray());
    }

    private int positiveInt(String key, int fallback) {
        int value = integer(key, fallback);
        if (value < 1) {
            throw error(key + " must be a positive integer, got " + value);
        }
        return value;
    }

    private int nonNegativeInt(String key, int fallback) {
        int value = integer(key, fallback);
        if (value < 0) {
            throw error(key + " must not be negative, got " + value);
        }
        return value;
    }

    private int integer(String key, int fallback) {
        String value = options.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw error(key + " must be an integer, got '" + value + "'");
        }
    }

    private boolean bool(String key, boolean fallback) {
        String value = options.get(key);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(key + " must be true or false, got '" + value + "'");
        };
    }

    private OptionalDouble distance(String key) {
        String value = options.get(key);
        if (value == null) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            throw error(key + " must be a number, got '" + value + "'");
        }
    }

    private Path path(String key) {
        String value = options.get(key);
        if (value == null || value.isEmpty()) {
            throw error(kind + " needs " + (key.equals("path") ? "a file path (csv:PATH)" : key + "=PATH"));
        }
        return Path.of(value);
    }

    private Norm norm() {
        return choice("norm", Norm.UNIT, Norm.values());
    }

    private SphereSpec.Teacher teacher() {
        return choice("teacher", SphereSpec.Teacher.LINEAR, SphereSpec.Teacher.values());
    }

    private MnistFiles.Origin origin() {
        return choice("source", MnistFiles.Origin.AUTO, MnistFiles.Origin.values());
    }

    private <E extends Enum<E>> E choice(String key, E fallback, E[] values) {
        String value = options.get(key);
        if (value == null) {
            return fallback;
        }
        List<String> names = new ArrayList<>();
        for (E e : values) {
            String name = e.name().toLowerCase(Locale.ROOT);
            if (name.equals(value.toLowerCase(Locale.ROOT))) {
                return e;
            }
            names.add(name);
        }
        throw error(key + " must be one of " + String.join(", ", names) + ", got '" + value + "'");
    }

    private static List<String> sorted(Set<String> keys) {
        List<String> list = new ArrayList<>(keys);
        list.sort(null);
        return list;
    }

    private DataSpecException error(String problem) {
        return new DataSpecException("invalid data spec \"" + org.ntklab.io.Printable.escape(spec) + "\": " + org.ntklab.io.Printable.escape(problem) + "\ngrammar: " + DataSpec.GRAMMAR);
    }
}
