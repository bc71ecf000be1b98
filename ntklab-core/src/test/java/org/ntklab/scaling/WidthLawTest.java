package org.ntklab.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.ntklab.scaling.WidthLaw.Estimate;
import org.ntklab.scaling.WidthLaw.Model;

/**
 * Planted laws: synthetic D_inf(t) curves whose time to reach a level follows a known law of the
 * width, with seed-to-seed noise, observed 8 times per decade as a run would be. The analysis must
 * pick the planted law by leave-one-width-out error and cover its parameters with its intervals.
 */
class WidthLawTest {
    private static final double[] WIDTHS = {64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536};
    private static final int SEEDS = 5;

    /** ln t_c(m) of the planted law, then runs D = (t / tau)^0.5 with ln tau = that + noise; returns ln t_c at level 2. */
    private static double[][] plantedRuns(DoubleUnaryOperator lnTau, long seed) {
        Random random = new Random(seed);
        double level = 2.0;
        double[][] lnT = new double[WIDTHS.length][SEEDS];
        for (int w = 0; w < WIDTHS.length; w++) {
            for (int s = 0; s < SEEDS; s++) {
                double tau = Math.exp(lnTau.applyAsDouble(WIDTHS[w]) + 0.15 * random.nextGaussian());
                int count = 8 * 300;
                double[] t = new double[count];
                double[] d = new double[count];
                for (int i = 0; i < count; i++) {
                    t[i] = 1e-2 * Math.pow(10, i / 8.0);
                    d[i] = Math.exp(0.5 * (Math.log(t[i]) - Math.log(tau)));
                }
                lnT[w][s] = Math.log(TimeToLevel.crossing(t, d, level));
            }
        }
        return lnT;
    }

    private static Model best(List<Estimate> estimates) {
        return estimates.stream().min(Comparator.comparingDouble(Estimate::looError)).orElseThrow().model();
    }

    private static Estimate find(List<Estimate> estimates, Model model, String parameter) {
        return estimates.stream().filter(e -> e.model() == model && e.parameter().equals(parameter)).findFirst()
                .orElseThrow();
    }

    @Test
    void recoversAPlantedStretchedExponential() {
        // ln t_c = 2 + 1.5 m^0.4 (+ ln 2 / 0.5 from the level)
        List<Estimate> e = WidthLaw.analyse(WIDTHS, plantedRuns(m -> 2 + 1.5 * Math.pow(m, 0.4), 7), 400, 1);
        Estimate beta = find(e, Model.STRETCHED_EXP, "beta");
        assertTrue(beta.low() <= 0.4 && 0.4 <= beta.high(), "beta interval " + beta);
        assertTrue(beta.high() - beta.low() < 0.1, "beta is pinned down: " + beta);
        Estimate b = find(e, Model.STRETCHED_EXP, "b");
        assertTrue(b.low() <= 1.5 && 1.5 <= b.high(), "b interval " + b);
        assertTrue(find(e, Model.POWER, "k").looError() > 5 * beta.looError(),
                "the power law predicts left-out widths far worse: " + e);
    }

    @Test
    void recoversAPlantedPowerLaw() {
        // ln t_c = 1 + 1.9 ln m: the stretched exponential can only mimic it with beta near 0
        List<Estimate> e = WidthLaw.analyse(WIDTHS, plantedRuns(m -> 1 + 1.9 * Math.log(m), 8), 400, 2);
        Estimate k = find(e, Model.POWER, "k");
        assertTrue(k.low() <= 1.9 && 1.9 <= k.high(), "k interval " + k);
        assertTrue(k.high() - k.low() < 0.1, "k is pinned down: " + k);
        Estimate beta = find(e, Model.STRETCHED_EXP, "beta");
        assertTrue(beta.low() < 0.1, "a stretched exponential fitted to a power law has beta near 0: " + beta);
        // the two-parameter law predicts left-out widths no worse than the three-parameter ones (within noise)
        assertTrue(k.looError() <= 1.2 * beta.looError(), e.toString());
    }

    @Test
    void fitsAreExactOnNoiselessData() {
        double[] m = {32, 64, 128, 256, 512, 1024};
        double[] y = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            y[i] = 3 + 0.7 * Math.pow(m[i], 0.3);
        }
        WidthLaw.Fit fit = WidthLaw.fit(Model.STRETCHED_EXP, m, y);
        assertEquals(0.3, fit.parameters()[2], 1e-6);
        assertEquals(0.7, fit.parameters()[1], 1e-5);
        assertEquals(3, fit.parameters()[0], 1e-5);
        assertTrue(fit.looError() < 1e-5);
        WidthLaw.Fit quadratic = WidthLaw.fit(Model.LOG_QUADRATIC, m,
                java.util.Arrays.stream(m).map(v -> 1 - 0.5 * Math.log(v) + 0.25 * Math.log(v) * Math.log(v)).toArray());
        assertEquals(0.25, quadratic.parameters()[2], 1e-9);
        assertEquals(-0.5, quadratic.parameters()[1], 1e-9);
    }

    @Test
    void unreachedSeedsCountAsLaterThanEveryReachedOne() {
        assertEquals(2.0, WidthLaw.medianOfReached(new double[] {3, 1, 2}));
        assertEquals(2.5, WidthLaw.medianOfReached(new double[] {4, 1, 3, 2}));
        // one seed of four did not get there: the middle two of 1, 2, 3, (later)
        assertEquals(2.5, WidthLaw.medianOfReached(new double[] {1, 2, 3, Double.NaN}));
        // two of five did not: the third of 1, 3, 5, (later), (later), not the median of the three reached
        assertEquals(5.0, WidthLaw.medianOfReached(new double[] {5, Double.NaN, 1, 3, Double.NaN}));
        assertTrue(Double.isNaN(WidthLaw.medianOfReached(new double[] {1, 2, Double.NaN, Double.NaN})));
        assertTrue(Double.isNaN(WidthLaw.medianOfReached(new double[] {1, 2, Double.NaN, Double.NaN, Double.NaN})));
        assertTrue(Double.isNaN(WidthLaw.medianOfReached(new double[] {1, Double.NaN, Double.NaN, Double.NaN})));
        assertTrue(Double.isNaN(WidthLaw.medianOfReached(new double[0])));
    }
}
