package org.ntklab.arch;

import java.nio.DoubleBuffer;
import org.ntklab.linalg.NativeMatrix;
import org.ntklab.linalg.ParallelLoops;

/**
 * A dense layer's weight gradient dW = G^T Z for a batch of few samples (G: n x out, Z: n x in),
 * written straight into the heap block, as a gradient-flow step on the paper's six points needs it.
 *
 * <p>Why: through BLAS the out x in product is written to native memory and then copied to the heap,
 * three passes over the largest array of the step where one suffices. Each entry is the chain of
 * fused multiply-adds over the samples in order, starting from 0, which is what OpenBLAS's dgemm
 * computes for so short an inner dimension (on this machine's default and Haswell kernels every entry
 * had the same bits; SkinnyWeightGradientTest reports it). Math.fma is exact IEEE arithmetic, so
 * these numbers are the same on every CPU.
 */
final class SkinnyWeightGradient {
    /** Largest batch (rows of G) handled here. */
    static final int MAX_ROWS = 16;

    private double[] g = new double[0];
    private double[] z = new double[0];

    /** dW (out x in, row-major) = G^T Z; returns whether every entry is finite. */
    boolean into(NativeMatrix gradient, NativeMatrix input, double[] dW) {
        int n = gradient.rows();
        int out = gradient.cols();
        int in = input.cols();
        if (input.rows() != n || dW.length != out * in) {
            throw new IllegalArgumentException("weight gradient of " + gradient.shape() + " and " + input.shape()
                    + " does not fit " + dW.length + " entries");
        }
        if (n == 0) {
            java.util.Arrays.fill(dW, 0.0);
            return true;
        }
        g = heapCopy(gradient, g);
        z = heapCopy(input, z);
        double[] gs = g;
        double[] zs = z;
        boolean[] bad = new boolean[1];
        ParallelLoops.forRange(out, (long) n * in, (from, to) -> {
            boolean finite = true;
            for (int i = from; i < to; i++) {
                int row = i * in;
                double g0 = gs[i];
                for (int j = 0; j < in; j++) {
                    dW[row + j] = Math.fma(g0, zs[j], 0.0);
                }
                for (int s = 1; s < n; s++) {
                    double gsi = gs[s * out + i];
                    int zr = s * in;
                    for (int j = 0; j < in; j++) {
                        dW[row + j] = Math.fma(gsi, zs[zr + j], dW[row + j]);
                    }
                }
                // the row is still in cache: its finiteness costs no pass over memory
                double check = 0;
                for (int j = 0; j < in; j++) {
                    check += dW[row + j] * 0.0;
                }
                finite &= check == 0.0;
            }
            if (!finite) {
                bad[0] = true;
            }
        });
        return !bad[0];
    }

    private static double[] heapCopy(NativeMatrix m, double[] reuse) {
        double[] a = reuse.length >= m.size() ? reuse : new double[m.size()];
        DoubleBuffer b = m.buffer();
        b.get(0, a, 0, m.size());
        return a;
    }
}
