package org.ntklab.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/** Planted families: the collapse that generated them must fit better and recover its exponent. */
class CollapseTest {
    private static final double[] WIDTHS = {64, 256, 1024, 4096};

    /** H(t) = 0.3 (1 + ln(1 + t))^1.5, a curve that keeps growing like D_inf does. */
    private static double h(double t) {
        return 0.3 * Math.pow(1 + Math.log1p(t), 1.5);
    }

    private static List<Collapse.Curve> family(DoubleBinaryOperator d, long seed) {
        Random random = new Random(seed);
        List<Collapse.Curve> curves = new ArrayList<>();
        for (double m : WIDTHS) {
            int n = 8 * 40;
            double[] t = new double[n];
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = 1e-2 * Math.pow(10, i / 8.0);
                v[i] = d.applyAsDouble(t[i], m) * Math.exp(0.01 * random.nextGaussian());
            }
            curves.add(new Collapse.Curve(m, t, v));
        }
        return curves;
    }

    @Test
    void anAmplitudeFamilyCollapsesByAmplitude() {
        // D = (m / 64)^-0.5 H(t)
        List<Collapse.Curve> curves = family((t, m) -> Math.pow(m / 64, -0.5) * h(t), 1);
        Collapse.Fit amplitude = Collapse.amplitude(curves, 10);
        Collapse.Fit shift = Collapse.shift(curves, 10);
        assertEquals(-0.5, amplitude.slope(), 0.02);
        assertTrue(amplitude.residualRms() < 0.5 * shift.residualRms(), amplitude + " vs " + shift);
    }

    @Test
    void aShiftFamilyCollapsesByShift() {
        // D = H(t / g(m)) with g = (m / 64)^3
        List<Collapse.Curve> curves = family((t, m) -> h(t / Math.pow(m / 64, 3)), 2);
        Collapse.Fit amplitude = Collapse.amplitude(curves, 10);
        Collapse.Fit shift = Collapse.shift(curves, 10);
        assertEquals(3.0, shift.slope(), 0.05);
        assertTrue(shift.residualRms() < 0.5 * amplitude.residualRms(), shift + " vs " + amplitude);
    }
}
