package org.ntklab.bench;

import org.ntklab.arch.Architecture;
import org.ntklab.arch.Network;
import org.ntklab.linalg.Gaussians;
import org.ntklab.linalg.Matrix;
import org.ntklab.loss.BinaryCrossEntropy;
import org.ntklab.loss.Loss;
import org.ntklab.loss.Reduction;
import org.ntklab.loss.Targets;

/**
 * The configurations of the benchmarks and of the PyTorch comparison, built deterministically from
 * seeds so that every run (and the exported .npy files) sees the same numbers.
 */
public final class Workloads {
    private Workloads() {
    }

    /** Inputs with i.i.d. N(0, 1/d) entries (rows of norm about 1), n x d. */
    public static Matrix inputs(int n, int d, long seed) {
        Matrix x = new Matrix(n, d);
        Gaussians.fill(x.data(), seed, 1_000_003L);
        double s = 1.0 / Math.sqrt(d);
        double[] v = x.data();
        for (int i = 0; i < v.length; i++) {
            v[i] *= s;
        }
        return x;
    }

    /** Binary targets y in {0, 1} for n samples (alternating by a seeded draw), one output. */
    public static Targets binaryTargets(int n, long seed) {
        double[] u = new double[n];
        Gaussians.fill(u, seed, 2_000_003L);
        int[] labels = new int[n];
        Matrix values = new Matrix(n, 1);
        for (int i = 0; i < n; i++) {
            labels[i] = u[i] > 0 ? 1 : 0;
            values.set(i, 0, labels[i]);
        }
        return new Targets(values, labels, 2);
    }

    /**
     * One full-batch training step on a fixed batch: forward, cross-entropy loss and its gradient,
     * backward, and theta -= eta * grad, the last two fused ({@link Network#descend}: each layer's
     * weight gradient is accumulated straight into its weights). Buffers are allocated by the first
     * step and reused.
     */
    public static final class TrainingStep {
        public final Network network;
        public final Matrix x;
        public final Targets targets;
        public final Loss loss = new BinaryCrossEntropy(Reduction.SUM);
        public final Matrix outputGradient;
        public final double learningRate;

        public TrainingStep(int d, int depth, int width, int n, long seed, double learningRate) {
            this.network = Network.initialize(Architecture.fcn(d, depth, width, 1), seed);
            this.x = inputs(n, d, seed + 1);
            this.targets = binaryTargets(n, seed + 2);
            this.outputGradient = new Matrix(n, 1);
            this.learningRate = learningRate;
        }

        /** One step; returns the loss before the update. */
        public double step() {
            Network.Trace trace = network.trace(x);
            double value = loss.evaluate(trace.output(), targets, outputGradient);
            network.descend(trace, outputGradient, learningRate);
            return value;
        }

        /**
         * Floating-point operations of one step counted as 2 per multiply-add of the matrix products
         * (forward W z, backward W^T delta for every layer but the first, and delta z^T for every
         * weight matrix); element-wise work is not counted.
         */
        public double flops() {
            return trainingStepFlops(x.cols(), depth(), width(), x.rows());
        }

        private int depth() {
            return (network.architecture().layers().size() - 1) / 2;
        }

        private int width() {
            return network.parameters().block(0).length / x.cols();
        }
    }

    /**
     * Matrix-product flops of {@code EmpiricalNtk.gram} of fcn(d, L, m, C = 1) on n samples, 2 per
     * multiply-add, as the code computes it: the forward products, the back-propagated gradients
     * W^T delta of every layer but the first, and for each of the L + 1 dense layers the lower
     * triangles of D D^T (width columns) and Z Z^T (fan-in columns), n^2 (width + fan-in) in all
     * (symmetric, so half of 2 n^2 per column). Element-wise work and the Hadamard products are not
     * counted.
     */
    public static double empiricalNtkFlops(int d, int depth, int width, int n) {
        double forward = 2.0 * n * ((double) d * width + (double) (depth - 1) * width * width + width);
        double backward = 2.0 * n * ((double) (depth - 1) * width * width + width);
        double nn = (double) n * n;
        double gram = nn * ((width + d) + (depth - 1) * 2.0 * width + (1 + width));
        return forward + backward + gram;
    }

    /** Matrix-product flops of a training step of fcn(d, L, m, C = 1) on n samples. */
    public static double trainingStepFlops(int d, int depth, int width, int n) {
        double forward = 2.0 * n * ((double) d * width + (double) (depth - 1) * width * width + width);
        double weightGradients = forward;
        double inputGradients = 2.0 * n * ((double) (depth - 1) * width * width + width);
        return forward + weightGradients + inputGradients;
    }
}
