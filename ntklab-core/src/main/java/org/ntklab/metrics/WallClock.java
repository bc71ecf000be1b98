package org.ntklab.metrics;

import java.util.List;

/** Wall time of the run so far, summed over its sessions (the only column that differs between machines). */
public final class WallClock implements Metric {
    public static final String WALL_SECONDS = "wall_seconds";

    @Override
    public List<String> columns() {
        return List.of(WALL_SECONDS);
    }

    @Override
    public void measure(Snapshot s, MetricsRow row) {
        row.set(WALL_SECONDS, s.wallSeconds());
    }
}
