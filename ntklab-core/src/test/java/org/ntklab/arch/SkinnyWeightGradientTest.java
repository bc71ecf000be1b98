package org.ntklab.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Gaussians;
import org.ntklab.linalg.NativeMatrix;

/** The few-sample weight gradient: G^T Z as a chain of fused multiply-adds, against BLAS. */
class SkinnyWeightGradientTest {

    @Test
    void equalsTheFusedMultiplyAddChainAndBlas() {
        SkinnyWeightGradient skinny = new SkinnyWeightGradient();
        int blasEqualEntries = 0;
        int entries = 0;
        for (int n : new int[] {1, 2, 6, 16}) {
            int out = 300;
            int in = 1100; // above the parallel-loop threshold for n >= 1
            double[] g = random(n * out, 10 + n);
            double[] z = random(n * in, 20 + n);
            NativeMatrix gm = NativeMatrix.zeros(n, out);
            NativeMatrix zm = NativeMatrix.zeros(n, in);
            gm.copyFrom(g);
            zm.copyFrom(z);
            double[] dW = new double[out * in];
            assertTrue(skinny.into(gm, zm, dW));
            NativeMatrix c = NativeMatrix.zeros(out, in);
            Blas.gemm(true, false, 1.0, gm, zm, 0.0, c);
            double[] blas = new double[out * in];
            c.copyTo(blas);
            for (int i = 0; i < out; i++) {
                for (int j = 0; j < in; j++) {
                    double chain = 0.0;
                    for (int s = 0; s < n; s++) {
                        chain = Math.fma(g[s * out + i], z[s * in + j], chain);
                    }
                    double v = dW[i * in + j];
                    assertEquals(chain, v, 0.0, "entry (" + i + ", " + j + ") at n = " + n);
                    // BLAS sums in an order of its own choosing: equal up to rounding
                    assertEquals(blas[i * in + j], v, 1e-14 * (1 + Math.abs(v)));
                    if (blas[i * in + j] == v) {
                        blasEqualEntries++;
                    }
                    entries++;
                }
            }
        }
        System.out.printf("SkinnyWeightGradientTest: %d of %d entries have the same bits as this CPU's BLAS%n",
                blasEqualEntries, entries);
    }

    @Test
    void reportsNonFiniteEntries() {
        SkinnyWeightGradient skinny = new SkinnyWeightGradient();
        NativeMatrix g = NativeMatrix.zeros(2, 3);
        NativeMatrix z = NativeMatrix.zeros(2, 4);
        g.copyFrom(new double[] {1, 2, 3, 4, 5, 6});
        z.copyFrom(new double[] {1, 1, 1, 1, 1, Double.NaN, 1, 1});
        double[] dW = new double[12];
        assertFalse(skinny.into(g, z, dW));
        z.copyFrom(new double[] {1, 1, 1, 1, 1, 2, 1, 1});
        assertTrue(skinny.into(g, z, dW));
        assertEquals(1 * 1 + 4 * 2, dW[1], 0.0);
    }

    private static double[] random(int size, long seed) {
        double[] v = new double[size];
        Gaussians.fill(v, seed, 0);
        return v;
    }
}
