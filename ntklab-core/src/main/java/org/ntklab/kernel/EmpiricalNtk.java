package org.ntklab.kernel;

import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.List;
import org.ntklab.arch.ForwardPass;
import org.ntklab.arch.Network;
import org.ntklab.arch.ParametricLayer;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.NativeMatrix;

/**
 * The exact empirical NTK K(x, x') = <grad_theta f(x), grad_theta f(x')>, a C x C block per pair, laid
 * out as an (n1 C) x (n2 C) matrix with row i * C + c for (sample i, output c).
 *
 * <p>Computed layer by layer, never from per-sample Jacobians: each parametric layer gives its share
 * in factored form ({@link ParametricLayer#ntkFactors}); a dense layer y = W z + b contributes
 * <delta(x), delta(x')> (<z(x), z(x')> + [bias]) where delta is the back-propagated gradient at y.
 * All C outputs are back-propagated together as C rows per sample. Cost O(n^2 C^2 m L + n C m^2 L).
 *
 * <p>The Gram matrix is accumulated while the backward pass runs: each dense layer's contribution is
 * added as soon as its delta is known, and the delta is then dropped, as is each activation once
 * back-propagation is past it; so memory is the Gram matrix plus the forward activations, one
 * gradient buffer and two bounded scratch blocks, never all layers' deltas at once (and never a
 * Jacobian). The contribution of a layer is formed by blocks of
 * rows: for each block, BLAS forms the block of D D^T and of Z Z^T (only the lower triangle for the
 * Gram matrix, with dsyrk on the diagonal block) in native scratch buffers, and one pass adds
 * their product into K. The Gram matrix is computed on its lower triangle and mirrored, so it is
 * exactly symmetric.
 */
public final class EmpiricalNtk {
    /** Entries per scratch block (8 MB each, two blocks): bounds the scratch memory whatever n is. */
    private static final int SCRATCH_ENTRIES = 1 << 20;

    private EmpiricalNtk() {
    }

    /** The Gram matrix K(X, X), nC x nC, symmetric. */
    public static Matrix gram(Network network, Matrix x) {
        return gram(network, x, 0);
    }

    /** As {@link #gram(Network, Matrix)} with {@code blockSamples} samples per block of rows (0: automatic). */
    static Matrix gram(Network network, Matrix x, int blockSamples) {
        network.architecture().requireInputs("x", x);
        int outputs = network.outputs();
        int n = x.rows();
        Matrix k = new Matrix(n * outputs, n * outputs);
        if (n == 0) {
            return k;
        }
        try (ForwardPass pass = network.forwardPass(x);
             Accumulator acc = new Accumulator(k, outputs, n, n, true, blockSamples)) {
            pass.backwardAndRelease(outputSeeds(n, outputs), outputs,
                    (layer, delta, repeat, input) -> {
                        ParametricLayer.NtkFactors f = layer.ntkFactors(delta, input);
                        acc.add(f, f);
                    });
        }
        Blas.mirrorLowerToUpper(k);
        return k;
    }

    /** K(X1, X2), (n1 C) x (n2 C). */
    public static Matrix cross(Network network, Matrix x1, Matrix x2) {
        return cross(network, x1, x2, 0);
    }

    static Matrix cross(Network network, Matrix x1, Matrix x2, int blockSamples) {
        if (x1 == x2) {
            return gram(network, x1, blockSamples);
        }
        network.architecture().requireInputs("x1", x1);
        network.architecture().requireInputs("x2", x2);
        int outputs = network.outputs();
        int n1 = x1.rows();
        int n2 = x2.rows();
        Matrix k = new Matrix(n1 * outputs, n2 * outputs);
        if (n1 == 0 || n2 == 0) {
            return k;
        }
        // the factors of X2 are kept (copied out of the pass's reused buffers), those of X1 streamed
        List<ParametricLayer.NtkFactors> second = new ArrayList<>();
        try {
            try (ForwardPass pass = network.forwardPass(x2)) {
                pass.backwardAndRelease(outputSeeds(n2, outputs), outputs, (layer, delta, repeat, input) -> {
                    ParametricLayer.NtkFactors f = layer.ntkFactors(delta, input);
                    second.add(new ParametricLayer.NtkFactors(copy(f.outer()), copy(f.inner()), f.shift()));
                });
            }
            int[] layer = {0};
            try (ForwardPass pass = network.forwardPass(x1);
                 Accumulator acc = new Accumulator(k, outputs, n1, n2, false, blockSamples)) {
                pass.backwardAndRelease(outputSeeds(n1, outputs), outputs, (parametric, delta, repeat, input) ->
                        acc.add(parametric.ntkFactors(delta, input), second.get(layer[0]++)));
            }
        } finally {
            for (ParametricLayer.NtkFactors f : second) {
                f.outer().close();
                f.inner().close();
            }
        }
        return k;
    }

    private static NativeMatrix copy(NativeMatrix m) {
        NativeMatrix c = NativeMatrix.uninitialized(m.rows(), m.cols());
        c.buffer().put(0, m.buffer(), 0, m.size());
        return c;
    }

    /**
     * Adds K += (D1 D2^T) o ((Z1 Z2^T + bias) (x) 1_{C x C}) block of rows by block of rows. For the
     * Gram matrix (D1 = D2, Z1 = Z2) only entries on or below the diagonal are formed and added.
     */
    private static final class Accumulator implements AutoCloseable {
        private final Matrix k;
        private final int outputs;
        private final int n1;
        private final int n2;
        private final boolean lower;
        /** Samples per block of rows. */
        private final int block;
        private final NativeMatrix deltaBlock;
        private final NativeMatrix inputBlock;
        private final double[] deltaRow;
        private final double[] inputRow;

        Accumulator(Matrix k, int outputs, int n1, int n2, boolean lower, int blockSamples) {
            this.k = k;
            this.outputs = outputs;
            this.n1 = n1;
            this.n2 = n2;
            this.lower = lower;
            long perSample = (long) outputs * outputs * n2;
            this.block = blockSamples > 0 ? Math.min(n1, blockSamples)
                    : (int) Math.max(1, Math.min(n1, Math.max(64, SCRATCH_ENTRIES / perSample)));
            this.deltaBlock = NativeMatrix.uninitialized(block * outputs, n2 * outputs);
            this.inputBlock = NativeMatrix.uninitialized(block, n2);
            this.deltaRow = new double[n2 * outputs];
            this.inputRow = new double[n2];
        }

        /** K += (outer1 outer2^T) o (inner1 inner2^T + shift), expanded over output pairs. */
        void add(ParametricLayer.NtkFactors first, ParametricLayer.NtkFactors second) {
            NativeMatrix delta1 = first.outer();
            NativeMatrix input1 = first.inner();
            NativeMatrix delta2 = second.outer();
            NativeMatrix input2 = second.inner();
            double bias = first.shift();
            int width = delta1.cols();
            int fanIn = input1.cols();
            int c = outputs;
            for (int i0 = 0; i0 < n1; i0 += block) {
                int i1 = Math.min(n1, i0 + block);
                int rows = i1 - i0;
                // columns (samples) this block needs: all of X2, or up to the diagonal for the Gram matrix
                int cols = lower ? i1 : n2;
                int ldd = cols * c;
                if (lower) {
                    // off-diagonal part by gemm, diagonal block by syrk (lower triangle only)
                    Blas.gemm(false, true, rows * c, i0 * c, width, 1.0, delta1, (long) i0 * c * width, width,
                            delta2, 0, width, 0.0, deltaBlock, 0, ldd);
                    Blas.syrkLower(rows * c, width, 1.0, delta1, (long) i0 * c * width, width,
                            0.0, deltaBlock, (long) i0 * c, ldd);
                    Blas.gemm(false, true, rows, i0, fanIn, 1.0, input1, (long) i0 * fanIn, fanIn,
                            input2, 0, fanIn, 0.0, inputBlock, 0, cols);
                    Blas.syrkLower(rows, fanIn, 1.0, input1, (long) i0 * fanIn, fanIn,
                            0.0, inputBlock, i0, cols);
                } else {
                    Blas.gemm(false, true, rows * c, cols * c, width, 1.0, delta1, (long) i0 * c * width, width,
                            delta2, 0, width, 0.0, deltaBlock, 0, ldd);
                    Blas.gemm(false, true, rows, cols, fanIn, 1.0, input1, (long) i0 * fanIn, fanIn,
                            input2, 0, fanIn, 0.0, inputBlock, 0, cols);
                }
                combine(i0, rows, cols, ldd, bias);
            }
        }

        /** K[rows of the block] += deltaBlock o (inputBlock + bias), expanded over output pairs. */
        private void combine(int i0, int rows, int cols, int ldd, double bias) {
            DoubleBuffer db = deltaBlock.buffer();
            DoubleBuffer ib = inputBlock.buffer();
            double[] kd = k.data();
            int c = outputs;
            int kCols = k.cols();
            for (int si = 0; si < rows; si++) {
                int i = i0 + si;
                // samples j < jEnd contribute to this row of samples (j <= i for the lower triangle)
                int jEnd = lower ? i + 1 : cols;
                ib.get(si * cols, inputRow, 0, jEnd);
                for (int ci = 0; ci < c; ci++) {
                    int r = si * c + ci;
                    int sEnd = lower ? i * c + ci + 1 : jEnd * c;
                    db.get(r * ldd, deltaRow, 0, sEnd);
                    int kBase = (i * c + ci) * kCols;
                    if (c == 1) {
                        for (int s = 0; s < sEnd; s++) {
                            kd[kBase + s] += deltaRow[s] * (inputRow[s] + bias);
                        }
                    } else {
                        for (int s = 0; s < sEnd; s++) {
                            kd[kBase + s] += deltaRow[s] * (inputRow[s / c] + bias);
                        }
                    }
                }
            }
        }

        @Override
        public void close() {
            deltaBlock.close();
            inputBlock.close();
        }
    }

    /** n C rows: row i * C + c is the unit vector e_c (derivative of output c of sample i). */
    static Matrix outputSeeds(int n, int outputs) {
        Matrix seeds = new Matrix(n * outputs, outputs);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < outputs; c++) {
                seeds.set(i * outputs + c, c, 1.0);
            }
        }
        return seeds;
    }
}
