package org.ntklab.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A block held as a low-rank product must behave as the matrix it stands for: its entries are the
 * product's (against a plain triple loop), and the updates the integrator uses give, bit for bit,
 * what they give on the formed matrix. The 700 x 900 block is split over threads.
 */
class BlockVectorLowRankTest {
    private static final int RANK = 6;
    private static final int ROWS = 700;
    private static final int COLS = 900;

    private static BlockVector dense(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new BlockVector(List.of("W", "b"),
                List.of(r.doubles(ROWS * COLS, -3, 3).toArray(), r.doubles(ROWS, -3, 3).toArray()));
    }

    private static Matrix gaussian(int rows, int cols, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.data().length; i++) {
            m.data()[i] = scale * (r.nextDouble() - 0.5);
        }
        return m;
    }

    /** A vector whose W block is left^T right, held as a product. */
    private static BlockVector product(long seed, double scale) {
        BlockVector v = dense(seed);
        try (NativeMatrix left = NativeMatrix.copyOf(gaussian(RANK, ROWS, seed + 100, scale));
             NativeMatrix right = NativeMatrix.copyOf(gaussian(RANK, COLS, seed + 200, 1.0))) {
            v.setProduct(0, left, right);
        }
        assertTrue(v.isProduct(0));
        return v;
    }

    /** The values of {@code product(seed, scale)} with every block formed. */
    private static BlockVector formed(long seed, double scale) {
        BlockVector p = product(seed, scale);
        BlockVector copy = p.zerosLike();
        copy.unflatten(p.flatten());
        return copy;
    }

    @Test
    void entriesAreTheProduct() {
        Matrix left = gaussian(RANK, ROWS, 101, 2.0);
        Matrix right = gaussian(RANK, COLS, 201, 1.0);
        double[] flat = product(1, 2.0).flatten();
        for (int r = 0; r < ROWS; r += 7) {
            for (int c = 0; c < COLS; c += 11) {
                double expected = 0;
                for (int j = 0; j < RANK; j++) {
                    expected += left.get(j, r) * right.get(j, c);
                }
                assertEquals(expected, flat[r * COLS + c], 1e-14 * 6, "entry " + r + ", " + c);
            }
        }
    }

    @Test
    void updatesUseTheFactorsAndAgreeBitForBitWithTheFormedMatrix() {
        BlockVector direction = product(2, 1.0);
        BlockVector formedDirection = formed(2, 1.0);

        BlockVector state = dense(3);
        BlockVector expected = dense(3);
        BlockVector saved = state.zerosLike();
        BlockVector expectedSaved = state.zerosLike();
        state.saveAndAddScaled(saved, -0.37, direction);
        expected.saveAndAddScaled(expectedSaved, -0.37, formedDirection);
        assertTrue(direction.isProduct(0), "the Euler trial reads the factors");
        assertArrayEquals(expectedSaved.flatten(), saved.flatten());
        assertArrayEquals(expected.flatten(), state.flatten());

        // Heun's update with both, one or neither of the gradients held as products
        BlockVector trial = product(4, 3.0);
        BlockVector formedTrial = formed(4, 3.0);
        BlockVector reference = dense(5);
        reference.setToBasePlusScaled(saved, -0.5e-3, formedDirection, formedTrial);
        for (BlockVector[] xy : new BlockVector[][] {{direction, trial}, {formedDirection, trial},
                {direction, formedTrial}}) {
            BlockVector heun = dense(6);
            heun.setToBasePlusScaled(saved, -0.5e-3, xy[0], xy[1]);
            assertArrayEquals(reference.flatten(), heun.flatten());
        }
        assertTrue(direction.isProduct(0) && trial.isProduct(0));
    }

    @Test
    void normComesFromTheFactorsAndMatchesTheFormedMatrix() {
        BlockVector direction = product(7, 1.0);
        double fromFactors = direction.dot(direction);
        assertTrue(direction.isProduct(0), "the norm must not form the product");
        BlockVector f = formed(7, 1.0);
        double plain = f.dot(f);
        assertEquals(plain, fromFactors, 1e-12 * plain);
        assertEquals(Math.sqrt(plain), direction.norm(), 1e-12 * Math.sqrt(plain));
    }

    @Test
    void finitenessIsJudgedFromTheFactorsAndCatchesOverflowOfTheProduct() {
        assertTrue(product(8, 1.0).allFinite());
        // finite factors whose product overflows: 1e160 * 1e160
        BlockVector huge = dense(9);
        Matrix big = gaussian(RANK, ROWS, 9, 1e160);
        Matrix bigRight = gaussian(RANK, COLS, 10, 1e160);
        try (NativeMatrix l = NativeMatrix.copyOf(big); NativeMatrix r = NativeMatrix.copyOf(bigRight)) {
            huge.setProduct(0, l, r);
        }
        assertFalse(huge.allFinite());
        // a NaN in a factor
        Matrix nan = gaussian(RANK, ROWS, 11, 1.0);
        nan.data()[17] = Double.NaN;
        BlockVector bad = dense(12);
        try (NativeMatrix l = NativeMatrix.copyOf(nan); NativeMatrix r = NativeMatrix.copyOf(gaussian(RANK, COLS, 13, 1.0))) {
            bad.setProduct(0, l, r);
        }
        assertFalse(bad.allFinite());
        // large finite factors with a finite product: judged finite (their Gram sums overflow)
        BlockVector large = dense(14);
        try (NativeMatrix l = NativeMatrix.copyOf(gaussian(RANK, ROWS, 15, 1e200));
             NativeMatrix r = NativeMatrix.copyOf(gaussian(RANK, COLS, 16, 1e-200))) {
            large.setProduct(0, l, r);
        }
        assertTrue(large.allFinite());
    }

    @Test
    void aBlockHandedOutIsFormedAndWritesStick() {
        BlockVector v = product(17, 1.0);
        double[] expected = formed(17, 1.0).flatten();
        double[] w = v.block(0);
        assertFalse(v.isProduct(0));
        assertEquals(expected[5], w[5]);
        w[5] = 42;
        assertEquals(42, v.flatten()[5]);
        // overwriting every value drops the product without forming it
        BlockVector p = product(18, 1.0);
        p.setFrom(dense(19));
        assertFalse(p.isProduct(0));
        assertArrayEquals(dense(19).flatten(), p.flatten());
    }

    @Test
    void aProductThatDoesNotFitTheBlockIsRefused() {
        BlockVector v = dense(20);
        try (NativeMatrix l = NativeMatrix.copyOf(gaussian(RANK, ROWS, 21, 1.0));
             NativeMatrix r = NativeMatrix.copyOf(gaussian(RANK, COLS + 1, 22, 1.0))) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> v.setProduct(0, l, r));
        }
    }
}
