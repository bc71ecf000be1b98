package org.ntklab.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The one-pass updates the flow integrator uses must give the same numbers, bit for bit, as the
 * passes they replace: checkpoints and resumed runs rely on it. Blocks larger than
 * ParallelLoops.MIN_PARALLEL are split over threads, so both paths are exercised.
 */
class ParametersFusedUpdateTest {

    private static Parameters random(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] big = r.doubles(600_000, -3, 3).toArray();
        double[] small = r.doubles(37, -3, 3).toArray();
        return new Parameters(List.of("big", "small"), List.of(big, small));
    }

    @Test
    void saveAndAddScaledEqualsCopyThenAxpy() {
        Parameters state = random(1);
        Parameters direction = random(2);
        Parameters expectedState = state.copy();
        Parameters expectedSaved = state.copy();
        expectedState.addScaled(-0.37, direction);

        Parameters saved = state.zerosLike();
        state.saveAndAddScaled(saved, -0.37, direction);
        assertArrayEquals(expectedSaved.flatten(), saved.flatten());
        assertArrayEquals(expectedState.flatten(), state.flatten());
    }

    @Test
    void setToBasePlusScaledEqualsThreePasses() {
        Parameters base = random(3);
        Parameters x = random(4);
        Parameters y = random(5);
        Parameters expected = base.zerosLike();
        expected.setFrom(base);
        expected.addScaled(-0.5e-3, x);
        expected.addScaled(-0.5e-3, y);

        Parameters fused = random(6);
        fused.setToBasePlusScaled(base, -0.5e-3, x, y);
        assertArrayEquals(expected.flatten(), fused.flatten());
    }
}
