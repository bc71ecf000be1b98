package org.ntklab.scaling;

/**
 * The first time a run's D_inf(t) reaches a level: the crossing between the two observations
 * around it, interpolated linearly in ln t (observations are log-spaced, so that is where D_inf is
 * smoothest). Levels are absolute (D_inf = c) or relative to the run's start (D_inf = k D_inf(0)).
 */
public final class TimeToLevel {
    /** The absolute levels of the width-law analysis. */
    public static final double[] ABSOLUTE_LEVELS = {0.5, 1, 2, 3, 5, 10};
    /** The multiples of D_inf(0) of the width-law analysis. */
    public static final double[] RELATIVE_LEVELS = {5, 10, 30};

    private TimeToLevel() {
    }

    /**
     * The first crossing of {@code level} by the curve (t[i], d[i]), t increasing; NaN when never
     * reached. When the first observation already reaches it, that observation's time. A crossing
     * between t = 0 and the next observation is interpolated linearly in t (ln 0 is not finite).
     * Observations with a NaN value are skipped.
     */
    public static double crossing(double[] t, double[] d, double level) {
        if (t.length != d.length) {
            throw new IllegalArgumentException("times and values differ in length: " + t.length + " and " + d.length);
        }
        int previous = -1;
        for (int i = 0; i < t.length; i++) {
            if (Double.isNaN(d[i])) {
                continue;
            }
            if (d[i] >= level) {
                if (previous < 0) {
                    return t[i];
                }
                double t0 = t[previous];
                double d0 = d[previous];
                double w = (level - d0) / (d[i] - d0);
                if (t0 <= 0) {
                    return t0 + w * (t[i] - t0);
                }
                return Math.exp(Math.log(t0) + w * (Math.log(t[i]) - Math.log(t0)));
            }
            previous = i;
        }
        return Double.NaN;
    }
}
