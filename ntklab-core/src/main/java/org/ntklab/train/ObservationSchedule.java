package org.ntklab.train;

import java.util.ArrayList;
import java.util.List;

/** t = 0, then log-spaced times first * 10^(k / perDecade) up to and including tMax. */
public final class ObservationSchedule {
    private ObservationSchedule() {
    }

    public static double[] times(double first, double tMax, int perDecade) {
        List<Double> times = new ArrayList<>();
        times.add(0.0);
        for (int k = 0; ; k++) {
            double t = first * Math.pow(10.0, (double) k / perDecade);
            if (t >= tMax * (1 - 1e-12)) {
                break;
            }
            times.add(t);
        }
        times.add(tMax);
        return times.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
