package org.ntklab.sweep;

import static org.ntklab.metrics.Fit.ACCURACY;
import static org.ntklab.metrics.Fit.LOSS;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ntklab.cli.run.Json;
import org.ntklab.cli.run.SpecFile;
import org.ntklab.cli.train.TrainSummary;
import org.ntklab.data.DataSpec;
import org.ntklab.io.InvalidInputException;
import org.ntklab.metrics.FlowTime;
import org.ntklab.train.MetricsLog;
import org.ntklab.train.ResourceCheck;
import org.ntklab.train.TrainingConfig;

/**
 * A sweep spec file (YAML or JSON): the grid of {@code ntklab train} configurations, where the runs
 * go and what to aggregate.
 *
 * <pre>
 * output: runs/width-sweep            # the output root: one run directory per cell
 * base:                               # train options shared by every cell (keys as in a train spec)
 *   arch: fcn
 *   depth: 2
 *   data: circle:n=6
 *   t-max: 1e4
 * product:                            # every combination of these lists is a cell
 *   width: [16, 64, 256]
 *   loss: [ce, mse]
 *   seed: [1, 2]
 * cells:                              # and these explicit cells (over base, not crossed with product)
 *   - {arch: resnet, width: 64, loss: ce, seed: 1}
 * metrics:
 *   d-inf-at: [1, 100, 1e4]           # D_inf at these flow times
 *   divergence-threshold: 0.5         # t* = first t with D_inf above this
 *   final: [loss, accuracy]           # metrics.csv columns at the last observation
 * cell-reports: true                  # each run directory gets its figures and report.html
 * </pre>
 *
 * Every cell is validated here, on the driver, before anything is written: unknown keys, missing
 * or invalid options and an empty grid are IllegalArgumentExceptions naming the file (exit code 2).
 * Data specs are parsed but not loaded: a data file may exist only where the executors run.
 */
public record SweepSpec(Path file, String output, List<Cell> cells, List<Double> dInfAt, double divergenceThreshold,
                        List<String> finalColumns, boolean cellReports) {
    public static final String KIND = "sweep";
    static final List<String> KEYS = List.of("output", "base", "product", "cells", "metrics", "cell-reports");
    static final List<String> METRIC_KEYS = List.of("d-inf-at", "divergence-threshold", "final");
    /** Options that every cell name shows; other options show when they vary across the grid. */
    private static final List<String> NAMED = List.of("arch", "depth", "width", "loss", "seed");
    private static final Set<String> REQUIRED = Set.of("arch", "depth", "width", "data", "seed");

    public static SweepSpec read(Path file) {
        ObjectNode root = SpecFile.read(file, KIND);
        String where = "spec " + file;
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                throw new InvalidInputException(where + ": unknown key '" + key + "'; the keys are "
                        + String.join(", ", KEYS));
            }
        }
        ObjectNode base = object(root, "base", where);
        ObjectNode product = object(root, "product", where);
        List<ObjectNode> explicit = new ArrayList<>();
        JsonNode cellsNode = root.path("cells");
        if (!cellsNode.isMissingNode() && !cellsNode.isNull()) {
            if (!(cellsNode instanceof ArrayNode array)) {
                throw new InvalidInputException(where + ": 'cells' must be a list of objects of train options");
            }
            for (JsonNode c : array) {
                if (!(c instanceof ObjectNode o)) {
                    throw new InvalidInputException(where + ": every entry of 'cells' must be an object of "
                            + "train options, found " + c);
                }
                explicit.add(o);
            }
        }

        ObjectNode defaults = Json.MAPPER.valueToTree(TrainingConfig.defaults("fcn", 1, 1, "circle", "ce", 1));
        checkKeys(base, defaults, where + ", base");
        checkKeys(product, defaults, where + ", product");
        for (ObjectNode c : explicit) {
            checkKeys(c, defaults, where + ", cells");
        }

        // the product: every combination, the first key varying slowest
        List<ObjectNode> overrides = new ArrayList<>();
        if (product.size() > 0) {
            overrides.add(Json.MAPPER.createObjectNode());
            for (Iterator<Map.Entry<String, JsonNode>> it = product.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!(e.getValue() instanceof ArrayNode values)) {
                    throw new InvalidInputException(where + ": product." + e.getKey() + " must be a list of values");
                }
                if (values.isEmpty()) {
                    throw new InvalidInputException(where + ": product." + e.getKey()
                            + " is an empty list, so the grid has no cells");
                }
                List<ObjectNode> next = new ArrayList<>();
                for (ObjectNode partial : overrides) {
                    for (JsonNode v : values) {
                        ObjectNode o = partial.deepCopy();
                        o.set(e.getKey(), v);
                        next.add(o);
                    }
                }
                overrides = next;
            }
        }
        overrides.addAll(explicit);
        if (overrides.isEmpty()) {
            throw new InvalidInputException(where + ": the grid is empty; give 'product' (lists of values) "
                    + "and/or 'cells' (a list of option objects)");
        }

        List<TrainingConfig> configs = new ArrayList<>();
        List<ObjectNode> given = new ArrayList<>();
        Set<String> varied = new LinkedHashSet<>();
        for (int k = 0; k < overrides.size(); k++) {
            ObjectNode merged = defaults.deepCopy();
            merged.setAll(base);
            merged.setAll(overrides.get(k));
            for (String key : REQUIRED) {
                if (!base.has(key) && !overrides.get(k).has(key)) {
                    throw new InvalidInputException(where + ": cell " + (k + 1) + " of " + overrides.size()
                            + " has no '" + key + "' (give it in base, product or the cell)");
                }
            }
            given.add(merged);
            configs.add(bind(merged, where + ", cell " + (k + 1) + " of " + overrides.size() + " "
                    + overrides.get(k)));
            overrides.get(k).fieldNames().forEachRemaining(varied::add);
        }
        varied.removeIf(key -> configs.stream().map(c -> value(c, key)).distinct().count() < 2);

        List<Cell> cells = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int k = 0; k < configs.size(); k++) {
            TrainingConfig config = configs.get(k);
            String name = name(config, given.get(k), varied);
            Integer earlier = seen.putIfAbsent(name, k);
            if (earlier != null) {
                throw new InvalidInputException(where + ": cells " + (earlier + 1) + " and " + (k + 1)
                        + " are the same run " + name + (configs.get(earlier).equals(config) ? ""
                        : " (they differ only in options the cell name does not show)"));
            }
            cells.add(new Cell(name, Json.MAPPER.valueToTree(config).toString()));
        }

        ObjectNode metrics = object(root, "metrics", where);
        for (Iterator<String> keys = metrics.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!METRIC_KEYS.contains(key)) {
                throw new InvalidInputException(where + ": unknown key 'metrics." + key + "'; the keys are "
                        + String.join(", ", METRIC_KEYS));
            }
        }
        List<Double> dInfAt = new ArrayList<>();
        for (JsonNode t : list(metrics, "d-inf-at", where)) {
            double value = number(t, "metrics.d-inf-at", where);
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new InvalidInputException(where + ": metrics.d-inf-at must hold positive flow times, found " + t);
            }
            dInfAt.add(value);
        }
        double threshold = metrics.has("divergence-threshold")
                ? number(metrics.get("divergence-threshold"), "metrics.divergence-threshold", where)
                : TrainSummary.DIVERGENCE_THRESHOLD;
        if (!(threshold > 0) || !Double.isFinite(threshold)) {
            throw new InvalidInputException(where + ": metrics.divergence-threshold must be a positive number, found "
                    + metrics.get("divergence-threshold"));
        }
        List<String> finals = new ArrayList<>();
        if (metrics.has("final")) {
            for (JsonNode c : list(metrics, "final", where)) {
                if (!c.isTextual() || !MetricsLog.COLUMNS.contains(c.asText()) || c.asText().equals(FlowTime.T)) {
                    throw new InvalidInputException(where + ": metrics.final: " + c + " is not a metrics.csv column;"
                            + " the columns are " + String.join(", ", MetricsLog.COLUMNS.subList(1, MetricsLog.COLUMNS.size())));
                }
                finals.add(c.asText());
            }
        } else {
            finals.addAll(List.of(LOSS, ACCURACY));
        }

        JsonNode reports = root.path("cell-reports");
        if (!reports.isMissingNode() && !reports.isBoolean()) {
            throw new InvalidInputException(where + ": cell-reports must be true or false, found " + reports);
        }
        JsonNode output = root.path("output");
        if (!output.isMissingNode() && !output.isTextual()) {
            throw new InvalidInputException(where + ": output must be a directory name, found " + output);
        }
        return new SweepSpec(file, output.isMissingNode() ? null : output.asText(), List.copyOf(cells),
                List.copyOf(dInfAt), threshold, List.copyOf(finals), reports.isMissingNode() || reports.asBoolean());
    }

    private static ObjectNode object(ObjectNode root, String key, String where) {
        JsonNode node = root.path(key);
        if (node.isMissingNode() || node.isNull()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!(node instanceof ObjectNode o)) {
            throw new InvalidInputException(where + ": '" + key + "' must be an object (key: value), found " + node);
        }
        return o;
    }

    private static List<JsonNode> list(ObjectNode node, String key, String where) {
        JsonNode value = node.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return List.of();
        }
        if (!(value instanceof ArrayNode array)) {
            throw new InvalidInputException(where + ": metrics." + key + " must be a list, found " + value);
        }
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static double number(JsonNode node, String key, String where) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        try {
            return Double.parseDouble(node.asText()); // YAML may read 1e4 as text
        } catch (NumberFormatException e) {
            throw new InvalidInputException(where + ": " + key + " must be a number, found " + node);
        }
    }

    private static void checkKeys(ObjectNode options, ObjectNode known, String where) {
        for (Iterator<String> keys = options.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!known.has(key)) {
                throw new InvalidInputException(where + ": unknown train option '" + key + "'; the options are "
                        + String.join(", ", (Iterable<String>) known::fieldNames));
            }
        }
    }

    /** Binds one cell's options; the record's validation and the core's are the last word. */
    private static TrainingConfig bind(ObjectNode options, String where) {
        TrainingConfig config;
        try {
            config = Json.MAPPER.treeToValue(options, TrainingConfig.class);
        } catch (ValueInstantiationException e) {
            throw new InvalidInputException(where + ": " + (e.getCause() instanceof IllegalArgumentException invalid
                    ? invalid.getMessage() : e.getOriginalMessage()), e);
        } catch (MismatchedInputException e) {
            String key = e.getPath().isEmpty() ? "?" : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw new InvalidInputException(where + ": '" + key + "' cannot be " + options.get(key), e);
        } catch (JacksonException e) {
            throw new InvalidInputException(where + ": " + e.getOriginalMessage(), e);
        }
        try {
            DataSpec data = DataSpec.parse(config.data());
            config = config.withData(data.toString());
            // a cell of impossible size is refused with the others' validation, before Spark starts
            ResourceCheck.requireFits(null, ResourceCheck.training(config, data.size()));
        } catch (RuntimeException e) {
            throw new InvalidInputException(where + ": " + e.getMessage(), e);
        }
        return config;
    }

    private static String value(TrainingConfig config, String key) {
        JsonNode v = Json.MAPPER.<ObjectNode>valueToTree(config).get(key);
        if (v.isFloatingPointNumber()) {
            double d = v.asDouble();
            if (d == Math.rint(d) && Math.abs(d) < 1e6) {
                return Long.toString((long) d);
            }
            return BigDecimal.valueOf(d).stripTrailingZeros().toString().toLowerCase(Locale.ROOT).replace("+", "");
        }
        return v.asText();
    }

    /**
     * The cell's directory name, from its configuration: fcn-L2-m64-ce-s1, followed by the
     * other options that vary across the grid (resnet-L2-m64-ce-s1-alpha0.5).
     */
    static String name(TrainingConfig config, ObjectNode given, Set<String> varied) {
        StringBuilder name = new StringBuilder(config.arch()).append("-L").append(config.depth())
                .append("-m").append(config.width()).append('-').append(config.loss()).append("-s").append(config.seed());
        for (String key : varied) {
            if (!NAMED.contains(key)) {
                // the data spec as written (circle:n=6), not its canonical form with every default spelt out
                String value = key.equals("data") ? given.get(key).asText() : value(config, key);
                name.append('-').append(key).append(value.replaceAll("[^A-Za-z0-9.]+", "_"));
            }
        }
        return name.toString();
    }

    /** The cells by name, in grid order. */
    public Map<String, Cell> byName() {
        Map<String, Cell> map = new LinkedHashMap<>();
        cells.forEach(c -> map.put(c.name(), c));
        return map;
    }
}
