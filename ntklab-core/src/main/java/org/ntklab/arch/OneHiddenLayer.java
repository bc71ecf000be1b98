package org.ntklab.arch;

import java.util.List;
import java.util.Optional;
import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.ParallelLoops;

/**
 * The one-hidden-layer FCN, f(x)_c = sum_j V_cj sqrt(gain/m) relu(w_j . x + b_j), evaluated unit by
 * unit in one fused loop: the fast path for very wide networks (m = 2^20) on few samples.
 *
 * <p>Why: the general network forms every n x m activation in native memory and passes over it a
 * dozen times (product, bias and ReLU, mask, column sums, copies), each pass tiny in arithmetic; at
 * n = 6 and m = 2^20 a gradient cost about 200 ms. Here each hidden unit's n pre-activations live in
 * registers: the forward pass reads W, b and V once, the gradient reads them once more and writes
 * its own blocks once, and no activation is stored. Work and memory are O(n m (d + C)).
 *
 * <p>Determinism: units are cut into fixed chunks of {@link #CHUNK} (a rule of the width alone); each
 * chunk's partial sums are combined in chunk order, so the numbers do not depend on the thread count.
 * They differ from the general path's in the last bits (a different summation order).
 */
public final class OneHiddenLayer {
    /** Hidden units per chunk: the unit of work and of the fixed summation order. */
    static final int CHUNK = 2048;

    private final int inputDim;
    private final int width;
    private final int outputs;
    private final double scale;
    private final int wIndex;
    private final int bIndex;
    private final int vIndex;
    private final int chunks;
    /** Per chunk: the partial outputs (n x C) of the forward pass, reused while n stays the same. */
    private double[][] partialOutputs = new double[0][];
    /** Per chunk: the partial squared norm of the gradient. */
    private final double[] partialNorms;

    private OneHiddenLayer(int inputDim, int width, int outputs, double scale, int wIndex, int bIndex, int vIndex) {
        this.inputDim = inputDim;
        this.width = width;
        this.outputs = outputs;
        this.scale = scale;
        this.wIndex = wIndex;
        this.bIndex = bIndex;
        this.vIndex = vIndex;
        this.chunks = (width + CHUNK - 1) / CHUNK;
        this.partialNorms = new double[chunks];
    }

    /**
     * The fused form of {@code network}'s architecture when it is Dense (with or without bias), then
     * NormalizedRelu, then Dense without bias (the paper's FCN with L = 1); empty otherwise.
     */
    public static Optional<OneHiddenLayer> of(Network network) {
        List<FiniteLayer> layers = network.finiteLayers();
        if (layers.size() != 3
                || !(layers.get(0) instanceof FiniteLayer.DenseInstance hidden)
                || !(layers.get(1) instanceof FiniteLayer.ReluInstance relu)
                || !(layers.get(2) instanceof FiniteLayer.DenseInstance output)
                || output.hasBias()) {
            return Optional.empty();
        }
        int width = hidden.spec().outputs();
        return Optional.of(new OneHiddenLayer(network.architecture().inputDim(), width, output.spec().outputs(),
                relu.scale(), hidden.weightIndex(), hidden.hasBias() ? hidden.biasIndex() : -1,
                output.weightIndex()));
    }

    /** f(x) for the n rows of {@code x} (n x C). */
    public synchronized Matrix forward(BlockVector theta, Matrix x) {
        requireInputs(x);
        int n = x.rows();
        double[] w = theta.block(wIndex);
        double[] b = bIndex < 0 ? null : theta.block(bIndex);
        double[] v = theta.block(vIndex);
        double[] xs = x.data();
        if (partialOutputs.length != chunks || (chunks > 0 && partialOutputs[0].length != n * outputs)) {
            partialOutputs = new double[chunks][n * outputs];
        }
        double[][] partial = partialOutputs;
        ParallelLoops.forRange(chunks, (long) CHUNK * n * (inputDim + outputs), (from, to) -> {
            for (int c = from; c < to; c++) {
                forwardChunk(w, b, v, xs, n, c, partial[c]);
            }
        });
        Matrix f = new Matrix(n, outputs);
        double[] fs = f.data();
        for (int c = 0; c < chunks; c++) {
            double[] out = partial[c];
            for (int i = 0; i < fs.length; i++) {
                fs[i] += out[i];
            }
        }
        return f;
    }

    /**
     * Writes into {@code grad} (same shape as theta, overwritten) the gradient of
     * sum_s <gradOutput_s, f(x_s)>, and returns its squared norm (summed in the fixed chunk order).
     */
    public synchronized double gradientInto(BlockVector theta, Matrix x, Matrix gradOutput, BlockVector grad) {
        requireInputs(x);
        int n = x.rows();
        if (gradOutput.rows() != n || gradOutput.cols() != outputs) {
            throw new IllegalArgumentException("output gradient " + gradOutput.shape() + " does not match " + n
                    + " samples and " + outputs + " outputs");
        }
        double[] w = theta.block(wIndex);
        double[] b = bIndex < 0 ? null : theta.block(bIndex);
        double[] v = theta.block(vIndex);
        double[] dw = grad.block(wIndex);
        double[] db = bIndex < 0 ? null : grad.block(bIndex);
        double[] dv = grad.block(vIndex);
        double[] xs = x.data();
        double[] r = gradOutput.data();
        ParallelLoops.forRange(chunks, (long) CHUNK * n * (inputDim + outputs), (from, to) -> {
            for (int c = from; c < to; c++) {
                partialNorms[c] = gradientChunk(w, b, v, xs, r, n, c, dw, db, dv);
            }
        });
        double squaredNorm = 0;
        for (int c = 0; c < chunks; c++) {
            squaredNorm += partialNorms[c];
        }
        return squaredNorm;
    }

    /** The units of chunk c: out (n x C) = their contributions to f, summed in unit order. */
    private void forwardChunk(double[] w, double[] b, double[] v, double[] xs, int n, int c, double[] out) {
        java.util.Arrays.fill(out, 0.0);
        if (inputDim == 2 && outputs == 1 && b != null) {
            forwardChunkPlane(w, b, v, xs, n, c, out);
            return;
        }
        int d = inputDim;
        int outs = outputs;
        int m = width;
        double sc = scale;
        int j1 = Math.min(m, (c + 1) * CHUNK);
        for (int j = c * CHUNK; j < j1; j++) {
            int row = j * d;
            double bias = b == null ? 0.0 : b[j];
            for (int s = 0; s < n; s++) {
                double z = bias;
                int xr = s * d;
                for (int i = 0; i < d; i++) {
                    z += w[row + i] * xs[xr + i];
                }
                // branch-free: the signs of the pre-activations are close to random
                double a = sc * Math.max(z, 0.0);
                int o = s * outs;
                for (int k = 0; k < outs; k++) {
                    out[o + k] += v[k * m + j] * a;
                }
            }
        }
    }

    /**
     * The gradient's entries of chunk c's units: dV_kj = sum_s r_sk a_sj, and with
     * g_sj = scale [z_sj > 0] sum_k r_sk V_kj, dW_j = sum_s g_sj x_s and db_j = sum_s g_sj. Returns
     * the sum of their squares.
     */
    private double gradientChunk(double[] w, double[] b, double[] v, double[] xs, double[] r, int n, int c,
                                 double[] dw, double[] db, double[] dv) {
        if (inputDim == 2 && outputs == 1 && db != null) {
            return gradientChunkPlane(w, b, v, xs, r, n, c, dw, db, dv);
        }
        int d = inputDim;
        int outs = outputs;
        int m = width;
        double sc = scale;
        double norm = 0;
        int j1 = Math.min(m, (c + 1) * CHUNK);
        for (int j = c * CHUNK; j < j1; j++) {
            int row = j * d;
            double bias = b == null ? 0.0 : b[j];
            for (int i = 0; i < d; i++) {
                dw[row + i] = 0.0;
            }
            for (int k = 0; k < outs; k++) {
                dv[k * m + j] = 0.0;
            }
            double dbj = 0;
            for (int s = 0; s < n; s++) {
                double z = bias;
                int xr = s * d;
                for (int i = 0; i < d; i++) {
                    z += w[row + i] * xs[xr + i];
                }
                double a = sc * Math.max(z, 0.0);
                double mask = Math.min(Math.ceil(a), 1.0); // 1 where z > 0, else 0, without a branch
                int o = s * outs;
                double back = 0;
                for (int k = 0; k < outs; k++) {
                    dv[k * m + j] += r[o + k] * a;
                    back += r[o + k] * v[k * m + j];
                }
                double g = (sc * back) * mask;
                dbj += g;
                for (int i = 0; i < d; i++) {
                    dw[row + i] += g * xs[xr + i];
                }
            }
            for (int i = 0; i < d; i++) {
                norm += dw[row + i] * dw[row + i];
            }
            for (int k = 0; k < outs; k++) {
                norm += dv[k * m + j] * dv[k * m + j];
            }
            if (db != null) {
                db[j] = dbj;
                norm += dbj * dbj;
            }
        }
        return norm;
    }

    // The paper's case (points in the plane, one output, hidden biases) written out: the general
    // loops' inner loops of one or two iterations cost more than their arithmetic.

    private void forwardChunkPlane(double[] w, double[] b, double[] v, double[] xs, int n, int c, double[] out) {
        double sc = scale;
        int j0 = c * CHUNK;
        int j1 = Math.min(width, j0 + CHUNK);
        for (int s = 0; s < n; s++) {
            double x0 = xs[2 * s];
            double x1 = xs[2 * s + 1];
            // four partial sums over the units (j mod 4), for instruction-level parallelism
            double a0 = 0;
            double a1 = 0;
            double a2 = 0;
            double a3 = 0;
            int j = j0;
            for (; j + 3 < j1; j += 4) {
                a0 += v[j] * Math.max(b[j] + w[2 * j] * x0 + w[2 * j + 1] * x1, 0.0);
                a1 += v[j + 1] * Math.max(b[j + 1] + w[2 * j + 2] * x0 + w[2 * j + 3] * x1, 0.0);
                a2 += v[j + 2] * Math.max(b[j + 2] + w[2 * j + 4] * x0 + w[2 * j + 5] * x1, 0.0);
                a3 += v[j + 3] * Math.max(b[j + 3] + w[2 * j + 6] * x0 + w[2 * j + 7] * x1, 0.0);
            }
            for (; j < j1; j++) {
                a0 += v[j] * Math.max(b[j] + w[2 * j] * x0 + w[2 * j + 1] * x1, 0.0);
            }
            out[s] = sc * ((a0 + a1) + (a2 + a3));
        }
    }

    private double gradientChunkPlane(double[] w, double[] b, double[] v, double[] xs, double[] r, int n, int c,
                                      double[] dw, double[] db, double[] dv) {
        double sc = scale;
        int j0 = c * CHUNK;
        int j1 = Math.min(width, j0 + CHUNK);
        // sums over the samples in sample order, the samples outermost: the units of the chunk are
        // independent of each other, so the inner loop has no chain of dependent additions
        java.util.Arrays.fill(dv, j0, j1, 0.0);
        java.util.Arrays.fill(db, j0, j1, 0.0);
        java.util.Arrays.fill(dw, 2 * j0, 2 * j1, 0.0);
        for (int s = 0; s < n; s++) {
            double x0 = xs[2 * s];
            double x1 = xs[2 * s + 1];
            double rs = r[s];
            for (int j = j0; j < j1; j++) {
                double a = Math.max(b[j] + w[2 * j] * x0 + w[2 * j + 1] * x1, 0.0);
                double g = rs * Math.min(Math.ceil(a), 1.0); // r_s where z > 0, else 0, without a branch
                dv[j] += rs * a;
                db[j] += g;
                dw[2 * j] += g * x0;
                dw[2 * j + 1] += g * x1;
            }
        }
        // dV_j = scale sum_s r_s relu(z_s); with g_s = scale V_j r_s [z_s > 0]: db_j = sum_s g_s and
        // dW_j = sum_s g_s x_s
        double norm = 0;
        for (int j = j0; j < j1; j++) {
            double gs = sc * v[j];
            double dvs = sc * dv[j];
            double dbs = gs * db[j];
            double dw0 = gs * dw[2 * j];
            double dw1 = gs * dw[2 * j + 1];
            dv[j] = dvs;
            db[j] = dbs;
            dw[2 * j] = dw0;
            dw[2 * j + 1] = dw1;
            norm += dvs * dvs + dbs * dbs + dw0 * dw0 + dw1 * dw1;
        }
        return norm;
    }

    private void requireInputs(Matrix x) {
        if (x.cols() != inputDim) {
            throw new IllegalArgumentException("inputs have " + x.cols() + " columns, the network expects " + inputDim);
        }
    }
}
