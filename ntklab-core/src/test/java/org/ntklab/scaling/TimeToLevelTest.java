package org.ntklab.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimeToLevelTest {

    /** A curve that is piecewise linear in ln t with kinks at the observations: the interpolation must be exact. */
    @Test
    void crossingIsExactOnACurvePiecewiseLinearInLnT() {
        // D = 0.2 + 0.3 ln(t / 1e-2) up to t = 10, then slope 1.7 per unit ln t, then 0.05
        double[] t = new double[40];
        double[] d = new double[40];
        for (int i = 0; i < t.length; i++) {
            t[i] = 1e-2 * Math.pow(10, i / 3.0);
            d[i] = curve(t[i]);
        }
        for (double level : new double[] {0.5, 1, 2, 3, 5, 10, 12.5}) {
            double expected = inverse(level);
            assertEquals(expected, TimeToLevel.crossing(t, d, level), 1e-9 * expected, "level " + level);
        }
        assertTrue(Double.isNaN(TimeToLevel.crossing(t, d, 1e3)), "never reached: NaN");
        assertEquals(t[0], TimeToLevel.crossing(t, d, 0.1), "reached at the first observation");
    }

    @Test
    void crossingFromTimeZeroIsLinearInT() {
        double[] t = {0, 1, 10};
        double[] d = {0.1, 0.5, 2};
        assertEquals(0.5, TimeToLevel.crossing(t, d, 0.3), 1e-15);
        // between 1 and 10: ln t interpolation, w = (1 - 0.5) / 1.5
        assertEquals(Math.exp(Math.log(10) / 3), TimeToLevel.crossing(t, d, 1.0), 1e-12);
    }

    private static double lnKnee() {
        return Math.log(10 / 1e-2);
    }

    private static double curve(double t) {
        double x = Math.log(t / 1e-2);
        return x <= lnKnee() ? 0.2 + 0.3 * x : 0.2 + 0.3 * lnKnee() + 1.7 * (x - lnKnee()) + 0.0 * 0.05;
    }

    private static double inverse(double level) {
        double atKnee = 0.2 + 0.3 * lnKnee();
        double x = level <= atKnee ? (level - 0.2) / 0.3 : lnKnee() + (level - atKnee) / 1.7;
        return 1e-2 * Math.exp(x);
    }
}
