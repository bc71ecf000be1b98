package org.ntklab.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Registered metrics: together they make the columns of {@code metrics.csv}, in registration order. */
public final class MetricSet {

    /**
     * The metrics of every training run. The first columns are pinned (scripts and other tools read
     * them by name and position: t ... wall_seconds), so a new metric goes at the end.
     */
    public static final MetricSet STANDARD = new MetricSet(List.of(
            new FlowTime(),
            new Fit(),
            new OutputSize(),
            new ParameterMotion(),
            new KernelDistance(),
            new KernelSpectrum(),
            new KernelMachineAgreement(),
            new RejectedSteps(),
            new WallClock()));

    private final List<Metric> metrics;
    private final List<String> columns;
    private final Set<String> integerColumns;
    private final Map<String, Integer> index = new HashMap<>();

    public MetricSet(List<Metric> metrics) {
        this.metrics = List.copyOf(metrics);
        List<String> names = new ArrayList<>();
        Set<String> integers = new HashSet<>();
        for (Metric metric : this.metrics) {
            for (String column : metric.columns()) {
                if (index.putIfAbsent(column, names.size()) != null) {
                    throw new IllegalArgumentException("two metrics fill the column '" + column + "'");
                }
                names.add(column);
            }
            integers.addAll(metric.integerColumns());
        }
        this.columns = List.copyOf(names);
        this.integerColumns = Set.copyOf(integers);
    }

    /** Column names in table order. */
    public List<String> columns() {
        return columns;
    }

    /** The columns written as integers. */
    public Set<String> integerColumns() {
        return integerColumns;
    }

    /** Where {@code column} sits in a row. */
    public int index(String column) {
        Integer k = index.get(column);
        if (k == null) {
            throw new IllegalArgumentException("no metrics column '" + column + "'");
        }
        return k;
    }

    /** A row of every metric's values at this snapshot (NaN where a metric measured nothing). */
    public double[] measure(Snapshot snapshot) {
        MetricsRow row = new MetricsRow(this);
        for (Metric metric : metrics) {
            metric.measure(snapshot, row);
        }
        return row.values();
    }
}
