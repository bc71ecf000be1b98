/**
 * The metrics of a training run: each {@link org.ntklab.metrics.Metric} owns a few named columns of
 * {@code metrics.csv} (their names are constants on its class) and fills them from a
 * {@link org.ntklab.metrics.Snapshot} of the run at every observation time. {@link
 * org.ntklab.metrics.MetricSet#STANDARD} registers them in column order; adding a metric is one new class
 * and one entry there.
 */
package org.ntklab.metrics;
