package org.ntklab.metrics;

import java.util.List;
import java.util.Set;

/** Where the run is: flow time t and the integrator's accepted steps. */
public final class FlowTime implements Metric {
    public static final String T = "t";
    public static final String STEP = "step";

    @Override
    public List<String> columns() {
        return List.of(T, STEP);
    }

    @Override
    public Set<String> integerColumns() {
        return Set.of(STEP);
    }

    @Override
    public void measure(Snapshot s, MetricsRow row) {
        row.set(T, s.t());
        row.set(STEP, s.step());
    }
}
