package org.ntklab.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The one-pass updates the flow integrator uses must give the same numbers, bit for bit, as the
 * passes they replace: checkpoints and resumed runs rely on it. Blocks larger than
 * ParallelLoops.MIN_PARALLEL are split over threads, so both paths are exercised.
 */
class BlockVectorFusedUpdateTest {

    private static BlockVector random(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] big = r.doubles(600_000, -3, 3).toArray();
        double[] small = r.doubles(37, -3, 3).toArray();
        return new BlockVector(List.of("big", "small"), List.of(big, small));
    }

    @Test
    void saveAndAddScaledEqualsCopyThenAxpy() {
        BlockVector state = random(1);
        BlockVector direction = random(2);
        BlockVector expectedState = state.copy();
        BlockVector expectedSaved = state.copy();
        expectedState.addScaled(-0.37, direction);

        BlockVector saved = state.zerosLike();
        state.saveAndAddScaled(saved, -0.37, direction);
        assertArrayEquals(expectedSaved.flatten(), saved.flatten());
        assertArrayEquals(expectedState.flatten(), state.flatten());
    }

    @Test
    void setToBasePlusScaledEqualsThreePasses() {
        BlockVector base = random(3);
        BlockVector x = random(4);
        BlockVector y = random(5);
        BlockVector expected = base.zerosLike();
        expected.setFrom(base);
        expected.addScaled(-0.5e-3, x);
        expected.addScaled(-0.5e-3, y);

        BlockVector fused = random(6);
        fused.setToBasePlusScaled(base, -0.5e-3, x, y);
        assertArrayEquals(expected.flatten(), fused.flatten());
    }

    @Test
    void allFiniteFindsEveryKindOfNonFiniteEntryAnywhere() {
        BlockVector p = random(7);
        org.junit.jupiter.api.Assertions.assertTrue(p.allFinite());
        double[] big = p.block(0);
        double[] small = p.block(1);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            // first, last and a middle entry of the block split over threads, and the small block
            for (int[] at : new int[][] {{0, 0}, {0, big.length - 1}, {0, 312_345}, {1, small.length - 1}}) {
                double[] block = at[0] == 0 ? big : small;
                double keep = block[at[1]];
                block[at[1]] = bad;
                org.junit.jupiter.api.Assertions.assertFalse(p.allFinite(), bad + " at " + at[0] + "/" + at[1]);
                org.junit.jupiter.api.Assertions.assertEquals((at[0] == 0 ? "big" : "small") + "[" + at[1] + "]",
                        p.firstNonFinite());
                block[at[1]] = keep;
            }
        }
        // huge but finite entries are finite (v * 0 is 0, whatever the sum of squares would do)
        big[5] = Double.MAX_VALUE;
        big[6] = -Double.MAX_VALUE;
        org.junit.jupiter.api.Assertions.assertTrue(p.allFinite());
    }
}
