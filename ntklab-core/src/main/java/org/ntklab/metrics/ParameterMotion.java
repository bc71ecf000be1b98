package org.ntklab.metrics;

import java.util.List;

/** How far the parameters moved: ||theta - theta_0||, and ||theta||. */
public final class ParameterMotion implements Metric {
    public static final String THETA_DIST = "theta_dist";
    public static final String THETA_NORM = "theta_norm";

    @Override
    public List<String> columns() {
        return List.of(THETA_DIST, THETA_NORM);
    }

    @Override
    public void measure(Snapshot s, MetricsRow row) {
        row.set(THETA_DIST, s.network().parameters().distance(s.setup().initialParameters()));
        row.set(THETA_NORM, s.network().parameters().norm());
    }
}
