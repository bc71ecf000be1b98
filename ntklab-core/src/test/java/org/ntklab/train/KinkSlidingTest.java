package org.ntklab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ntklab.flow.GradientField;
import org.ntklab.flow.TimeRescaledGradientFlow;
import org.ntklab.linalg.BlockVector;

/**
 * The flow must slide along a kink whose two sides both push towards it, as gradient flow does on
 * ReLU networks: on L(x, y) = 2|x| - y from (0.3, 0), x falls at rate 2 until it reaches 0 at
 * t = 0.15, then stays there while y = t (the Filippov solution). An Euler trial of any step longer
 * than the distance to the kink climbs the far wall, so an integrator that insists on the trial's
 * loss falling crawls with vanishing steps here (it did, on a small ReLU network, at t = 18).
 */
class KinkSlidingTest {

    /** L(x, y) = 2|x| - y, with the one-sided gradient (2 sign x, -1). */
    private static final class Valley implements GradientField {
        private final BlockVector state;

        Valley(double x0) {
            state = new BlockVector(List.of("xy"), List.of(new double[] {x0, 0}));
        }

        @Override
        public BlockVector state() {
            return state;
        }

        @Override
        public double evaluate(BlockVector direction) {
            double x = state.block(0)[0];
            double y = state.block(0)[1];
            direction.block(0)[0] = x >= 0 ? 2 : -2;
            direction.block(0)[1] = -1;
            return 2 * Math.abs(x) - y;
        }
    }

    /** From 0.3 the flow reaches the kink at t = 0.15; from 1e-9 it starts next to it. */
    @ParameterizedTest
    @ValueSource(doubles = {0.3, 1e-9})
    void slidesAlongTheKinkAtTheMinimumParameterStep(double x0) {
        Valley valley = new Valley(x0);
        TimeRescaledGradientFlow flow = new TimeRescaledGradientFlow(TimeRescaledGradientFlow.Settings.defaults());
        double target = 10;
        // sliding at the minimum parameter step (0.005 against |g| = sqrt 5) takes about 4,500 steps
        boolean reached = flow.advanceTo(valley, target, 20_000);
        assertTrue(reached, "stalled at t = " + flow.time() + " after " + flow.steps() + " steps");
        double x = valley.state().block(0)[0];
        double y = valley.state().block(0)[1];
        assertEquals(target, y, 1e-2, "y = t along the kink");
        assertTrue(Math.abs(x) <= 0.01, "x stays at the kink, got " + x);
        assertTrue(flow.forcedSteps() > 0, "the sliding steps are counted as forced");
    }
}
