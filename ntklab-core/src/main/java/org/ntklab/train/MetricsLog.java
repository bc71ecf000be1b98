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
import org.ntklab.metrics.MetricSet;

/**
 * A table of numbers that grows one row at a time: the metrics of a run, one row per observation time,
 * kept as {@code metrics.csv} and {@code metrics.jsonl} (or any other table, CSV only). Both files are rewritten atomically after every row (they are small), so a
 * killed run keeps every row it measured and a reader never sees a torn file. Numbers are written in
 * round-trip precision; a missing value is empty in CSV and null in JSON.
 */
public final class MetricsLog {
    /** Written as integers, in any table (outputs.csv has none of them). */
    private static final java.util.Set<String> INTEGER_COLUMNS = MetricSet.STANDARD.integerColumns();
    /** The numbers {@link #format} writes: integers and Double.toString's finite forms. */
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?\\d+(\\.\\d+(E-?\\d+)?)?");
    /** The columns of metrics.csv: those of the registered metrics, the pinned ones first. */
    public static final List<String> COLUMNS = MetricSet.STANDARD.columns();

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

    /**
     * Keeps the first {@code keep} rows of the existing CSV file and drops the rest. The kept rows must
     * be exactly as this class wrote them: a table that is not UTF-8 text, has another header, ends in
     * an incomplete line (truncated), holds a malformed number, has fewer rows than asked, or whose kept
     * rows disagree with the JSON-lines copy (a changed digit) is refused with an IllegalStateException
     * naming the file, rather than continued with wrong rows. A missing JSON-lines copy is not an error
     * (the CSV file is the primary record); a missing CSV file is, unless no rows are asked for.
     */
    public MetricsLog keepExisting(int keep) {
        MetricsLog log = this;
        List<double[]> existing;
        if (!Files.exists(log.csv)) {
            if (keep > 0) {
                throw new IllegalStateException(log.csv + " is missing but the checkpoint expects " + keep + " rows");
            }
            existing = List.of();
        } else {
            existing = read(log.csv, columns);
        }
        if (existing.size() < keep) {
            throw new IllegalStateException(log.csv + " has " + existing.size() + " rows but the checkpoint expects "
                    + keep);
        }
        List<double[]> kept = existing.subList(0, keep);
        if (jsonl != null && keep > 0 && Files.exists(jsonl)) {
            crossCheck(kept);
        }
        log.rows.clear();
        log.rows.addAll(kept);
        log.write();
        return log;
    }

    /** The kept CSV rows must be the first lines of the JSON-lines copy, written from the same numbers. */
    private void crossCheck(List<double[]> kept) {
        List<String> lines = lines(jsonl);
        if (lines.size() < kept.size()) {
            throw new IllegalStateException(csv + " has " + kept.size() + " rows the checkpoint needs but " + jsonl
                    + " has only " + lines.size() + ": one of them is damaged");
        }
        for (int i = 0; i < kept.size(); i++) {
            if (!lines.get(i).equals(jsonLine(kept.get(i)))) {
                throw new IllegalStateException(csv + " row " + (i + 1) + " disagrees with line " + (i + 1) + " of "
                        + jsonl + ": one of them is damaged (corrupted metrics)");
            }
        }
    }

    /** Parses a metrics.csv written by this class. */
    public static List<double[]> read(Path csv) {
        return read(csv, COLUMNS);
    }

    /**
     * Parses a table written by this class with the given columns. Refused (IllegalStateException naming
     * the file): content that is not UTF-8 text, another header, a last line without its newline (a
     * truncated file), a row with the wrong number of cells, a number not in the form this class writes.
     */
    public static List<double[]> read(Path csv, List<String> columns) {
        List<double[]> out = new ArrayList<>();
        List<String> lines = lines(csv);
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
                if (cells[k].isEmpty()) {
                    row[k] = Double.NaN;
                } else if (NUMBER.matcher(cells[k]).matches()) {
                    row[k] = Double.parseDouble(cells[k]);
                } else {
                    throw new IllegalStateException(csv + " line " + (i + 1) + ", column " + columns.get(k)
                            + ": malformed number '" + cells[k] + "'");
                }
            }
            out.add(row);
        }
        return out;
    }

    /** The lines of a file this class wrote: UTF-8, each ended by a newline (else it was cut short). */
    private static List<String> lines(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException(file + ": not UTF-8 text, not a table written by ntklab (binary or"
                    + " corrupted file)", e);
        }
        if (text.isEmpty()) {
            return List.of();
        }
        if (!text.endsWith("\n")) {
            throw new IllegalStateException(file + ": truncated: the last line is incomplete (no final newline)");
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        return lines;
    }

    /** Where a metrics.csv column sits in a row. */
    public static int column(String name) {
        return MetricSet.STANDARD.index(name);
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
                w.write(jsonLine(row));
                w.write('\n');
            }
            w.flush();
        });
    }

    private String jsonLine(double[] row) {
        StringBuilder line = new StringBuilder("{");
        for (int k = 0; k < row.length; k++) {
            if (k > 0) {
                line.append(',');
            }
            line.append('"').append(columns.get(k)).append("\":").append(format(row[k], k, "null"));
        }
        return line.append('}').toString();
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
