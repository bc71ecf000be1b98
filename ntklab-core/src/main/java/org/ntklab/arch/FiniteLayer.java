package org.ntklab.arch;

import java.util.ArrayList;
import java.util.List;
import org.ntklab.linalg.Gaussians;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Matrix;

/**
 * The finite-width interpretation of a {@link Layer}: batched forward and backward passes over an
 * n x width matrix of activations. Backward accepts gradients with {@code repeat} rows per sample
 * (row r belongs to sample r / repeat), which is how all C outputs of a network are back-propagated
 * in one pass for the empirical NTK.
 */
public abstract sealed class FiniteLayer
        permits FiniteLayer.DenseInstance, FiniteLayer.ReluInstance, FiniteLayer.ScaleInstance,
        FiniteLayer.ResidualInstance {

    /** Draws this layer's initial parameters; block k of the network uses Gaussian stream (seed, k). */
    abstract void initialize(long seed);

    /** Output for a batch; appends exactly one saved state for the backward pass. */
    abstract Matrix forward(Matrix input, List<Object> saved);

    /**
     * Gradient with respect to the input, given the gradient at the output. Reports dense-layer
     * quantities to the sink. Returns null when {@code needInputGradient} is false.
     */
    abstract Matrix backward(Matrix gradOutput, int repeat, Object saved, GradientSink sink,
                             boolean needInputGradient);

    static Matrix forwardAll(List<FiniteLayer> layers, Matrix input, List<Object> saved) {
        Matrix a = input;
        for (FiniteLayer layer : layers) {
            a = layer.forward(a, saved);
        }
        return a;
    }

    static Matrix backwardAll(List<FiniteLayer> layers, Matrix gradOutput, int repeat, List<Object> saved,
                              GradientSink sink, boolean needInputGradient) {
        Matrix g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g, repeat, saved.get(i), sink, needInputGradient || i > 0);
        }
        return g;
    }

    /** y = W z + b. */
    public static final class DenseInstance extends FiniteLayer {
        private final Dense spec;
        private final Matrix weights;
        private final int weightIndex;
        private final double[] bias;
        private final int biasIndex;

        DenseInstance(Dense spec, Matrix weights, int weightIndex, double[] bias, int biasIndex) {
            this.spec = spec;
            this.weights = weights;
            this.weightIndex = weightIndex;
            this.bias = bias;
            this.biasIndex = biasIndex;
        }

        public Dense spec() {
            return spec;
        }

        public Matrix weights() {
            return weights;
        }

        /** Index of W in the network's {@link Parameters}. */
        public int weightIndex() {
            return weightIndex;
        }

        /** Index of b in the network's {@link Parameters}, or -1 without bias. */
        public int biasIndex() {
            return biasIndex;
        }

        public boolean hasBias() {
            return bias != null;
        }

        @Override
        void initialize(long seed) {
            Gaussians.fill(weights.data(), seed, weightIndex);
            if (spec.bias() == BiasInit.RANDOM) {
                Gaussians.fill(bias, seed, biasIndex);
            } else if (bias != null) {
                java.util.Arrays.fill(bias, 0.0);
            }
        }

        @Override
        Matrix forward(Matrix input, List<Object> saved) {
            Matrix out = new Matrix(input.rows(), weights.rows());
            Blas.gemm(false, true, 1.0, input, weights, 0.0, out);
            if (bias != null) {
                double[] o = out.data();
                int width = bias.length;
                for (int r = 0; r < input.rows(); r++) {
                    int base = r * width;
                    for (int k = 0; k < width; k++) {
                        o[base + k] += bias[k];
                    }
                }
            }
            saved.add(input);
            return out;
        }

        @Override
        Matrix backward(Matrix gradOutput, int repeat, Object saved, GradientSink sink, boolean needInputGradient) {
            sink.dense(this, gradOutput, repeat, (Matrix) saved);
            if (!needInputGradient) {
                return null;
            }
            return Blas.multiply(gradOutput, weights);
        }
    }

    /** a = c relu(h) with c = sqrt(gain / m). */
    public static final class ReluInstance extends FiniteLayer {
        private final double scale;

        ReluInstance(double scale) {
            this.scale = scale;
        }

        @Override
        void initialize(long seed) {
        }

        @Override
        Matrix forward(Matrix input, List<Object> saved) {
            double[] h = input.data();
            Matrix out = new Matrix(input.rows(), input.cols());
            double[] o = out.data();
            for (int i = 0; i < h.length; i++) {
                o[i] = h[i] > 0 ? scale * h[i] : 0.0;
            }
            saved.add(input);
            return out;
        }

        @Override
        Matrix backward(Matrix gradOutput, int repeat, Object saved, GradientSink sink, boolean needInputGradient) {
            if (!needInputGradient) {
                return null;
            }
            double[] h = ((Matrix) saved).data();
            int width = gradOutput.cols();
            Matrix gradIn = new Matrix(gradOutput.rows(), width);
            double[] g = gradOutput.data();
            double[] gi = gradIn.data();
            for (int r = 0; r < gradOutput.rows(); r++) {
                int hb = (r / repeat) * width;
                int gb = r * width;
                for (int k = 0; k < width; k++) {
                    gi[gb + k] = h[hb + k] > 0 ? scale * g[gb + k] : 0.0;
                }
            }
            return gradIn;
        }
    }

    /** z -> c z with c = sqrt(gain / m). */
    public static final class ScaleInstance extends FiniteLayer {
        private final double scale;

        ScaleInstance(double scale) {
            this.scale = scale;
        }

        @Override
        void initialize(long seed) {
        }

        @Override
        Matrix forward(Matrix input, List<Object> saved) {
            saved.add(null);
            return scaled(input, scale);
        }

        @Override
        Matrix backward(Matrix gradOutput, int repeat, Object saved, GradientSink sink, boolean needInputGradient) {
            return needInputGradient ? scaled(gradOutput, scale) : null;
        }
    }

    /** a -> a + alpha branch(a). */
    public static final class ResidualInstance extends FiniteLayer {
        private final List<FiniteLayer> branch;
        private final double alpha;

        ResidualInstance(List<FiniteLayer> branch, double alpha) {
            this.branch = List.copyOf(branch);
            this.alpha = alpha;
        }

        @Override
        void initialize(long seed) {
            for (FiniteLayer layer : branch) {
                layer.initialize(seed);
            }
        }

        @Override
        Matrix forward(Matrix input, List<Object> saved) {
            List<Object> inner = new ArrayList<>();
            Matrix b = forwardAll(branch, input, inner);
            Matrix out = input.copy();
            double[] o = out.data();
            double[] bd = b.data();
            for (int i = 0; i < o.length; i++) {
                o[i] += alpha * bd[i];
            }
            saved.add(inner);
            return out;
        }

        @Override
        @SuppressWarnings("unchecked")
        Matrix backward(Matrix gradOutput, int repeat, Object saved, GradientSink sink, boolean needInputGradient) {
            Matrix gb = backwardAll(branch, scaled(gradOutput, alpha), repeat, (List<Object>) saved, sink, true);
            Matrix gradIn = gradOutput.copy();
            double[] gi = gradIn.data();
            double[] gbd = gb.data();
            for (int i = 0; i < gi.length; i++) {
                gi[i] += gbd[i];
            }
            return gradIn;
        }
    }

    static Matrix scaled(Matrix m, double c) {
        Matrix out = new Matrix(m.rows(), m.cols());
        double[] s = m.data();
        double[] o = out.data();
        for (int i = 0; i < s.length; i++) {
            o[i] = c * s[i];
        }
        return out;
    }
}
