package org.ntklab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricSetTest {
    /** The pinned metrics.csv columns: scripts and other tools read them by name and position. */
    private static final List<String> PINNED = List.of(
            "t", "step", "loss", "accuracy", "test_accuracy", "max_abs_f", "theta_dist", "theta_norm",
            "d_inf", "d_0", "lambda_min", "lambda_max", "kernel_gap",
            "km_loss", "km_max_abs_u", "km_test_accuracy", "rejected_steps", "wall_seconds");

    @Test
    void pinnedColumnsComeFirstInOrder() {
        List<String> columns = MetricSet.STANDARD.columns();
        assertEquals(PINNED, columns.subList(0, PINNED.size()));
        assertEquals(Set.of("step", "rejected_steps"), MetricSet.STANDARD.integerColumns());
    }

    /** A metric of one's own: one class, registered in a set. */
    private static final class Half implements Metric {
        static final String HALF_T = "half_t";

        @Override
        public List<String> columns() {
            return List.of(HALF_T);
        }

        @Override
        public void measure(Snapshot s, MetricsRow row) {
            row.set(HALF_T, s.t() / 2);
        }
    }

    @Test
    void eachMetricFillsItsOwnColumnsAndTheRestStayMissing() {
        MetricSet set = new MetricSet(List.of(new FlowTime(), new Half(), new WallClock()));
        assertEquals(List.of("t", "step", "half_t", "wall_seconds"), set.columns());
        assertEquals(2, set.index(Half.HALF_T));
        Snapshot s = new Snapshot(null, 8.0, 3, 1.5, null, null, null, null);
        assertArrayEquals(new double[] {8.0, 3, 4.0, 1.5}, set.measure(s));
        MetricSet withGap = new MetricSet(List.of(new FlowTime(), new RejectedSteps()));
        Snapshot noIntegrator = new Snapshot(new TrainingSetup(null, null, null, null, null, null, null, null, null),
                1.0, 0, 0, null, null, null, null);
        assertEquals(Double.NaN, withGap.measure(noIntegrator)[1 + 1]);
    }

    @Test
    void aColumnBelongsToOneMetric() {
        assertThrows(IllegalArgumentException.class, () -> new MetricSet(List.of(new FlowTime(), new FlowTime())));
        assertThrows(IllegalArgumentException.class, () -> MetricSet.STANDARD.index("no_such_column"));
    }
}
