package org.ntklab.cli.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.io.FileFormatException;
import org.ntklab.linalg.LinearFit;
import org.ntklab.metrics.FlowTime;

/**
 * A training run's {@code metrics.csv} by column (a value not measured is NaN), with the few
 * statistics the reports and verdicts are computed from: values at the first and last observation,
 * extremes over a time window, the slope against ln t, the first time a threshold is crossed.
 * Every verdict in a report comes from these numbers, so a test can recompute it from the file.
 */
public final class Metrics {
    public static final String FILE = "metrics.csv";

    private final Path file;
    private final Map<String, double[]> columns;
    private final int rows;

    private Metrics(Path file, Map<String, double[]> columns) {
        this.file = file;
        this.columns = columns;
        this.rows = columns.get(FlowTime.T).length;
    }

    /** Reads {@code dir/metrics.csv}; a missing file or column is a FileFormatException. */
    public static Metrics read(Path dir) {
        CsvFile csv = CsvFile.read(dir.resolve(FILE));
        Map<String, double[]> columns = new LinkedHashMap<>();
        for (String name : csv.header()) {
            columns.put(name, csv.columnOrNaN(name));
        }
        if (!columns.containsKey(FlowTime.T)) {
            throw new FileFormatException(csv.file() + ": no column '" + FlowTime.T + "'");
        }
        if (csv.rows() == 0) {
            throw new FileFormatException(csv.file() + ": no observations");
        }
        return new Metrics(csv.file(), columns);
    }

    public int rows() {
        return rows;
    }

    public Path file() {
        return file;
    }

    public boolean has(String name) {
        double[] c = columns.get(name);
        if (c == null) {
            return false;
        }
        for (double v : c) {
            if (!Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    public double[] column(String name) {
        double[] c = columns.get(name);
        if (c == null) {
            throw new FileFormatException(file + ": no column '" + name + "' (the columns are " + columns.keySet() + ")");
        }
        return c.clone();
    }

    public double[] t() {
        return column(FlowTime.T);
    }

    public double first(String name) {
        return column(name)[0];
    }

    public double last(String name) {
        return column(name)[rows - 1];
    }

    public double lastT() {
        return last(FlowTime.T);
    }

    /** The value at the observation nearest to {@code t} on a log scale (t = 0: the first row). */
    public double at(String name, double t) {
        return column(name)[indexNear(t)];
    }

    public int indexNear(double t) {
        double[] times = t();
        if (t <= 0) {
            return 0;
        }
        int best = 0;
        double distance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < rows; i++) {
            if (times[i] > 0) {
                double d = Math.abs(Math.log(times[i] / t));
                if (d < distance) {
                    distance = d;
                    best = i;
                }
            }
        }
        return best;
    }

    /** The largest value with t in [from, to], NaNs ignored; NaN when there is none. */
    public double max(String name, double from, double to) {
        return extreme(name, from, to, true);
    }

    public double max(String name) {
        return max(name, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    public double min(String name, double from, double to) {
        return extreme(name, from, to, false);
    }

    public double min(String name) {
        return min(name, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    private double extreme(String name, double from, double to, boolean max) {
        double[] times = t();
        double[] values = column(name);
        double best = Double.NaN;
        for (int i = 0; i < rows; i++) {
            if (times[i] >= from && times[i] <= to && !Double.isNaN(values[i])) {
                best = Double.isNaN(best) ? values[i] : max ? Math.max(best, values[i]) : Math.min(best, values[i]);
            }
        }
        return best;
    }

    /**
     * The least-squares slope of {@code name} against ln t over the observations with t in
     * [from, to] (t > 0): about 1 for a quantity growing like ln t. NaN with fewer than three points.
     */
    public double slopeAgainstLnT(String name, double from, double to) {
        double[] times = t();
        double[] values = column(name);
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            if (times[i] > 0 && times[i] >= from && times[i] <= to && Double.isFinite(values[i])) {
                points.add(new double[] {Math.log(times[i]), values[i]});
            }
        }
        if (points.size() < 3) {
            return Double.NaN;
        }
        return LinearFit.of(points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray()).slope();
    }

    /**
     * The late window of a run for growth rates: t from sqrt(t_last) (half the decades on a log
     * scale, at least t = 1) to the last observation.
     */
    public double lateWindowStart() {
        return Math.max(1.0, Math.sqrt(lastT()));
    }

    /** The first observation time at which {@code name} exceeds {@code threshold}; NaN if never. */
    public double firstTimeAbove(String name, double threshold) {
        double[] times = t();
        double[] values = column(name);
        for (int i = 0; i < rows; i++) {
            if (values[i] > threshold) {
                return times[i];
            }
        }
        return Double.NaN;
    }

    /** The columns' values at row i, NaNs left out, for run.json. */
    public Map<String, Double> row(int i) {
        Map<String, Double> row = new LinkedHashMap<>();
        columns.forEach((name, values) -> {
            if (!Double.isNaN(values[i])) {
                row.put(name, values[i]);
            }
        });
        return row;
    }
}
