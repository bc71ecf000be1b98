package org.ntklab.metrics;

import java.util.Arrays;

/** One row of the metrics table being filled: every value missing (NaN) until a metric sets it. */
public final class MetricsRow {
    private final MetricSet metrics;
    private final double[] values;

    MetricsRow(MetricSet metrics) {
        this.metrics = metrics;
        this.values = new double[metrics.columns().size()];
        Arrays.fill(values, Double.NaN);
    }

    public void set(String column, double value) {
        values[metrics.index(column)] = value;
    }

    double[] values() {
        return values;
    }
}
