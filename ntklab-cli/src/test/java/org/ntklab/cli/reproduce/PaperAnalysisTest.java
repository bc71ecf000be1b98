package org.ntklab.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The formulas behind the reproduce paper verdicts, on curves whose answer is known. */
class PaperAnalysisTest {
    private static double[] times() {
        double[] t = new double[33];
        for (int k = 0; k < t.length; k++) {
            t[k] = Math.pow(10, k / 8.0); // 1 .. 1e4, 8 per decade
        }
        return t;
    }

    @Test
    void logarithmicGrowthIsToldFromLinearAndPowerGrowth() {
        double[] t = times();
        double[] log = new double[t.length];
        double[] linear = new double[t.length];
        double[] power = new double[t.length];
        double[] flat = new double[t.length];
        for (int k = 0; k < t.length; k++) {
            log[k] = -(0.8 * Math.log(t[k]) + 2); // a negative label: |f| is what grows
            linear[k] = 0.01 * t[k] + 1;
            power[k] = Math.sqrt(t[k]);
            flat[k] = 3 + 1e-3 * Math.sin(k);
        }
        FigureMeasures.Growth g = FigureMeasures.growth(t, log, 100, 1e4);
        assertEquals(0.8, g.slope(), 1e-12);
        assertTrue(g.logarithmic());
        assertFalse(FigureMeasures.growth(t, linear, 100, 1e4).logarithmic(), "linear growth is not log t");
        assertFalse(FigureMeasures.growth(t, power, 100, 1e4).logarithmic(), "sqrt(t) growth is not log t");
        assertFalse(FigureMeasures.growth(t, flat, 100, 1e4).logarithmic(), "no growth");
        assertTrue(Double.isNaN(FigureMeasures.growth(t, log, 1e5, 1e6).slope()), "no points in the window");
    }

    @Test
    void smoothingIsACentredMovingAverage() {
        double[] v = {0, 10, 0, 10, 0, 10, 0};
        assertArrayEquals(new double[] {10 / 3.0, 5, 4, 6, 4, 5, 10 / 3.0},
                FigureMeasures.smooth(v, 5), 1e-12);
        assertArrayEquals(v, FigureMeasures.smooth(v, 1), 0);
    }

    @Test
    void meanAndSampleStandardDeviation() {
        double[] v = {1, 2, 3, 4};
        assertEquals(2.5, PaperReport.mean(v), 1e-15);
        assertEquals(Math.sqrt(5.0 / 3), PaperReport.sd(v), 1e-15);
    }

    @Test
    void nearestProfileColumnOnALogScale() {
        var columns = java.util.List.of("t=0.0", "t=1.0", "t=10.000000000000002", "t=100.0");
        assertEquals("t=0.0", PaperReport.nearest(columns, 0));
        assertEquals("t=10.000000000000002", PaperReport.nearest(columns, 10));
        assertEquals("t=100.0", PaperReport.nearest(columns, 90));
    }
}
