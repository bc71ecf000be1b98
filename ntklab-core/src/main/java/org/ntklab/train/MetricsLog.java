package org.ntklab.train;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ntklab.io.AtomicFiles;

/**
 * A table of numbers that grows one row at a time: the metrics of a run, one row per observation time,
 * kept as {@code metrics.csv} and {@code metrics.jsonl} (or any other table, CSV only). Both files are rewritten atomically after every row (they are small), so a
 * killed run keeps every row it measured and a reader never sees a torn file. Numbers are written in
 * round-trip precision; a missing value is empty in CSV and null in JSON.
 */
public final class MetricsLog {
    private static final java.util.Set<String> INTEGER_COLUMNS = java.util.Set.of("step", "rejected_steps");
    /** The pinned columns (scripts rely on these names), then ntklab's extras. */
    public static final List<String> COLUMNS = List.of(
            "t", "step", "loss", "accuracy", "test_accuracy", "max_abs_f", "theta_dist", "theta_norm",
            "d_inf", "d_0", "lambda_min", "lambda_max", "kernel_gap",
            "km_loss", "km_max_abs_u", "km_test_accuracy", "rejected_steps", "wall_seconds");

    private final Path csv;
    private final Path jsonl;
    private final List<String> columns;
    private final List<double[]> rows = new ArrayList<>();

    /** The run's metrics table, metrics.csv and metrics.jsonl in {@code directory}. */
    public MetricsLog(Path directory) {
        this(directory.resolve("metrics.csv"), directory.resolve("metrics.jsonl"), COLUMNS);
    }

    /** Any table: CSV at {@code csv}, JSON lines at {@code jsonl} unless null. */
    public MetricsLog(Path csv, Path jsonl, List<String> columns) {
        this.csv = csv;
        this.jsonl = jsonl;
        this.columns = List.copyOf(columns);
    }

    /** Re-reads the first {@code keep} rows of an existing table (resuming a run). */
    public static MetricsLog resume(Path directory, int keep) {
        return new MetricsLog(directory).keepExisting(keep);
    }

    /** Keeps the first {@code keep} rows of the existing CSV file and drops the rest. */
    public MetricsLog keepExisting(int keep) {
        MetricsLog log = this;
        List<double[]> existing = read(log.csv, columns);
        if (existing.size() < keep) {
            throw new IllegalStateException(log.csv + " has " + existing.size() + " rows but the checkpoint expects "
                    + keep);
        }
        log.rows.clear();
        log.rows.addAll(existing.subList(0, keep));
        log.write();
        return log;
    }

    /** Parses a metrics.csv written by this class. */
    public static List<double[]> read(Path csv) {
        return read(csv, COLUMNS);
    }

    /** Parses a table written by this class with the given columns. */
    public static List<double[]> read(Path csv, List<String> columns) {
        List<double[]> out = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(String.join(",", columns))) {
                throw new IllegalStateException(csv + ": unexpected header, not the table this run writes");
            }
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",", -1);
                if (cells.length != columns.size()) {
                    throw new IllegalStateException(csv + " line " + (i + 1) + ": " + cells.length + " cells, expected "
                            + columns.size());
                }
                double[] row = new double[cells.length];
                for (int k = 0; k < cells.length; k++) {
                    row[k] = cells[k].isEmpty() ? Double.NaN : Double.parseDouble(cells[k]);
                }
                out.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(csv + ": malformed number: " + e.getMessage(), e);
        }
        return out;
    }

    public static int column(String name) {
        int k = COLUMNS.indexOf(name);
        if (k < 0) {
            throw new IllegalArgumentException("no metrics column '" + name + "'");
        }
        return k;
    }

    public void append(double[] row) {
        if (row.length != columns.size()) {
            throw new IllegalArgumentException("table row has " + row.length + " values, expected " + columns.size());
        }
        rows.add(row.clone());
        write();
    }

    public int size() {
        return rows.size();
    }

    public List<double[]> rows() {
        return List.copyOf(rows);
    }

    private void write() {
        AtomicFiles.write(csv, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(String.join(",", columns));
            w.write('\n');
            for (double[] row : rows) {
                for (int k = 0; k < row.length; k++) {
                    if (k > 0) {
                        w.write(',');
                    }
                    w.write(format(row[k], k, ""));
                }
                w.write('\n');
            }
            w.flush();
        });
        if (jsonl == null) {
            return;
        }
        AtomicFiles.write(jsonl, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            for (double[] row : rows) {
                w.write('{');
                for (int k = 0; k < row.length; k++) {
                    if (k > 0) {
                        w.write(',');
                    }
                    w.write('"' + columns.get(k) + "\":" + format(row[k], k, "null"));
                }
                w.write("}\n");
            }
            w.flush();
        });
    }

    private String format(double v, int column, String missing) {
        if (Double.isNaN(v)) {
            return missing;
        }
        if (Double.isInfinite(v)) {
            // cannot happen for guarded runs; keep the file parseable all the same
            return missing;
        }
        if (INTEGER_COLUMNS.contains(columns.get(column))) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    @Override
    public String toString() {
        return "MetricsLog" + Arrays.asList(csv, rows.size());
    }
}
