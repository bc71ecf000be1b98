package org.ntklab.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ntklab.flow.GradientField;
import org.ntklab.flow.NumericalFailureException;
import org.ntklab.flow.TimeRescaledGradientFlow;
import org.ntklab.linalg.BlockVector;

/**
 * The time-rescaled flow checks each gradient for non-finite entries through its squared norm (one
 * pass that also gives the step's norm): a NaN or infinite entry must still stop it, named, and a
 * merely huge gradient (whose squared norm overflows) must not.
 */
class FlowNumericGuardTest {

    /** L = sum_i c_i theta_i, with gradient c (constant). */
    private static GradientField linear(double[] c) {
        BlockVector state = new BlockVector(List.of("w"), List.of(new double[c.length]));
        return new GradientField() {
            @Override
            public BlockVector state() {
                return state;
            }

            @Override
            public double evaluate(BlockVector direction) {
                double[] d = direction.block(0);
                System.arraycopy(c, 0, d, 0, c.length);
                double[] w = state.block(0);
                double v = 0;
                for (int i = 0; i < c.length; i++) {
                    v += Double.isFinite(c[i]) ? c[i] * w[i] : 0;
                }
                return v;
            }
        };
    }

    @Test
    void nonFiniteGradientEntriesStopTheFlowAndAreNamed() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            double[] c = new double[1000];
            java.util.Arrays.fill(c, 0.5);
            c[417] = bad;
            TimeRescaledGradientFlow flow = new TimeRescaledGradientFlow(TimeRescaledGradientFlow.Settings.defaults());
            NumericalFailureException e = assertThrows(NumericalFailureException.class,
                    () -> flow.advanceTo(linear(c), 1.0, 1000));
            assertEquals("gradient entry w[417]", e.quantity(), e.getMessage());
            assertEquals(0, e.step());
        }
    }

    /** L = scale * sum_i exp(-theta_i), a cross-entropy-like tail whose flow is theta_i(t) = ln(exp(theta_i(0)) + scale t). */
    private static GradientField exponentialTail(double scale, int size) {
        BlockVector state = new BlockVector(List.of("w"), List.of(new double[size]));
        return new GradientField() {
            @Override
            public BlockVector state() {
                return state;
            }

            @Override
            public double evaluate(BlockVector direction) {
                double[] w = state.block(0);
                double[] d = direction.block(0);
                double v = 0;
                for (int i = 0; i < size; i++) {
                    d[i] = -scale * Math.exp(-w[i]);
                    v += scale * Math.exp(-w[i]);
                }
                return v;
            }
        };
    }

    @Test
    void aGradientTooSmallToSquareIsStillFollowedAsTheExactFlowSays() {
        // gradient entries 1e-170 at the start: every square underflows to 0, and ||g||^2 with them.
        // Before the norm was scaled this was taken for a stationary point (later, an error)
        for (double scale : new double[] {1.0, 1e-170}) {
            GradientField field = exponentialTail(scale, 10);
            TimeRescaledGradientFlow flow = new TimeRescaledGradientFlow(TimeRescaledGradientFlow.Settings.defaults());
            double target = 100 / scale;
            assertDoesNotThrow(() -> flow.advanceTo(field, target, 100_000));
            double exact = Math.log(1 + scale * target);
            for (double w : field.state().block(0)) {
                assertEquals(exact, w, 1e-2 * exact, "scale " + scale);
            }
        }
        // a gradient that is exactly zero is a stationary point, not a failure
        TimeRescaledGradientFlow still = new TimeRescaledGradientFlow(TimeRescaledGradientFlow.Settings.defaults());
        assertDoesNotThrow(() -> still.advanceTo(linear(new double[10]), 1.0, 1000));
        assertEquals(1.0, still.time());
    }

    @Test
    void aHugeButFiniteGradientIsNotANumericalFailure() {
        double[] c = new double[10];
        java.util.Arrays.fill(c, 1e200); // squared norm overflows to infinity; every entry is finite
        TimeRescaledGradientFlow flow = new TimeRescaledGradientFlow(TimeRescaledGradientFlow.Settings.defaults());
        // the old check (entry by entry) let this through; the squared-norm check must too
        assertDoesNotThrow(() -> flow.advanceTo(linear(c), 1e-190, 1000));
    }
}
