package org.ntklab.metrics;

import java.util.List;
import java.util.Set;
import org.ntklab.flow.TimeRescaledGradientFlow;

/** Steps the time-rescaled flow's error control rejected so far (missing for fixed-step descent). */
public final class RejectedSteps implements Metric {
    public static final String REJECTED_STEPS = "rejected_steps";

    @Override
    public List<String> columns() {
        return List.of(REJECTED_STEPS);
    }

    @Override
    public Set<String> integerColumns() {
        return Set.of(REJECTED_STEPS);
    }

    @Override
    public void measure(Snapshot s, MetricsRow row) {
        if (s.setup().integrator() instanceof TimeRescaledGradientFlow flow) {
            row.set(REJECTED_STEPS, flow.rejectedSteps());
        }
    }
}
