package org.ntklab.metrics;

import java.util.List;

/** max_i |f(x_i)|: under cross-entropy the outputs keep growing (like ln t) after the data are fitted. */
public final class OutputSize implements Metric {
    public static final String MAX_ABS_F = "max_abs_f";

    @Override
    public List<String> columns() {
        return List.of(MAX_ABS_F);
    }

    @Override
    public void measure(Snapshot s, MetricsRow row) {
        row.set(MAX_ABS_F, s.trainOutputs().maxAbs());
    }
}
