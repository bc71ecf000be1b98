package org.ntklab.metrics;

import java.util.List;
import java.util.Set;

/**
 * One or a few columns of {@code metrics.csv}, measured at every observation time. The column names
 * are public constants on the implementing class, so that readers of the file (reports, sweeps) name
 * them through the class that fills them. Register a metric in {@link MetricSet#STANDARD}.
 */
public interface Metric {

    /** The columns this metric fills, in their order in the table. */
    List<String> columns();

    /** The columns (of {@link #columns()}) written as integers rather than as doubles. */
    default Set<String> integerColumns() {
        return Set.of();
    }

    /** Writes this metric's values at one observation; a column it does not set stays missing. */
    void measure(Snapshot snapshot, MetricsRow row);
}
