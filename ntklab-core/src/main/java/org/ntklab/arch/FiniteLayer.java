package org.ntklab.arch;

import java.util.Arrays;
import java.util.List;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.Gaussians;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.NativeMatrix;

/**
 * The finite-width interpretation of a {@link Layer}: batched forward and backward passes over an
 * n x width matrix of activations, on native buffers of a {@link ForwardPass} (BLAS multiplies them in
 * place). Backward accepts gradients with {@code repeat} rows per sample (row r belongs to sample
 * r / repeat), which is how all C outputs of a network are back-propagated in one pass for the
 * empirical NTK.
 *
 * <p>Buffer ownership: forward receives its input with a flag saying whether it may overwrite it
 * (a fresh buffer nobody else reads) and reports the same for its output in
 * {@link ForwardPass#lastOutputOwned}; this is what lets scales, ReLUs and residual sums run in place.
 * Backward always owns the gradient it receives: it overwrites it or gives it back to the pass.
 */
public abstract sealed class FiniteLayer
        permits FiniteLayer.DenseInstance, FiniteLayer.ReluInstance, FiniteLayer.ActivationInstance,
        FiniteLayer.ScaleInstance, FiniteLayer.ResidualInstance {

    /** Draws this layer's initial parameters; block k of the network uses Gaussian stream (seed, k). */
    abstract void initialize(long seed);

    /**
     * Output for a batch. With {@link ForwardPass#keepsState()} the layer saves what its backward pass
     * needs through {@link ForwardPass#save}; otherwise it may give dead owned buffers back.
     */
    abstract NativeMatrix forward(NativeMatrix input, boolean inputOwned, ForwardPass pass);

    /**
     * Gradient with respect to the input, given the (owned) gradient at the output; consumes this
     * layer's saved state. A {@link ParametricLayer} reports its output gradient and input to the sink. Returns null when
     * {@code needInputGradient} is false.
     */
    abstract NativeMatrix backward(NativeMatrix gradOutput, int repeat, ForwardPass pass, NativeGradientSink sink,
                                   boolean needInputGradient);

    /** Copies heap parameters into native mirrors before a forward pass. */
    abstract void refreshNative();

    static NativeMatrix forwardAll(List<FiniteLayer> layers, NativeMatrix input, boolean inputOwned,
                                   ForwardPass pass) {
        NativeMatrix a = input;
        boolean owned = inputOwned;
        for (int i = 0; i < layers.size(); i++) {
            FiniteLayer layer = layers.get(i);
            NativeMatrix fused = i + 1 < layers.size() ? layer.forwardFused(layers.get(i + 1), a, owned, pass) : null;
            if (fused != null) {
                a = fused;
                i++;
            } else {
                a = layer.forward(a, owned, pass);
            }
            owned = pass.lastOutputOwned;
        }
        pass.lastOutputOwned = owned;
        return a;
    }

    /**
     * This layer and {@code next} in one pass over the output, or null when they do not fuse (the
     * default): a fast path such as dense-then-ReLU, behind the same forward contract.
     */
    NativeMatrix forwardFused(FiniteLayer next, NativeMatrix input, boolean inputOwned, ForwardPass pass) {
        return null;
    }

    static NativeMatrix backwardAll(List<FiniteLayer> layers, NativeMatrix gradOutput, int repeat, ForwardPass pass,
                                    NativeGradientSink sink, boolean needInputGradient) {
        NativeMatrix g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g, repeat, pass, sink, needInputGradient || i > 0);
        }
        return g;
    }

    /** Frees native mirrors of parameters (made again by the next {@link #refreshNative}). */
    void releaseNative() {
    }

    static void releaseAll(List<FiniteLayer> layers) {
        for (FiniteLayer layer : layers) {
            layer.releaseNative();
        }
    }

    static void refreshAll(List<FiniteLayer> layers) {
        for (FiniteLayer layer : layers) {
            layer.refreshNative();
        }
    }

    /** Copies native mirrors back into the heap parameters (after an in-place descent step). */
    void storeNative() {
    }

    static void storeAllNative(List<FiniteLayer> layers) {
        for (FiniteLayer layer : layers) {
            layer.storeNative();
        }
    }

    /** y = W z + b. */
    public static final class DenseInstance extends FiniteLayer implements ParametricLayer {
        private final Dense spec;
        private final Matrix weights;
        private final int weightIndex;
        private final double[] bias;
        private final int biasIndex;
        /** Native copy of the weights, refreshed before each forward pass. */
        private NativeMatrix nativeWeights;
        /** The bias gradient of an in-place descent step (reused: steps allocate nothing). */
        private final double[] biasStep;
        /**
         * A displaced pass's W + s dW where dW is not a low-rank product (small layers), formed from
         * the heap values in forward and multiplied with again in backward; b + s db likewise.
         */
        private NativeMatrix displacedWeights;
        private final double[] displacedBias;

        DenseInstance(Dense spec, Matrix weights, int weightIndex, double[] bias, int biasIndex) {
            this.spec = spec;
            this.weights = weights;
            this.weightIndex = weightIndex;
            this.bias = bias;
            this.biasIndex = biasIndex;
            this.biasStep = bias == null ? null : new double[bias.length];
            this.displacedBias = bias == null ? null : new double[bias.length];
        }

        public Dense spec() {
            return spec;
        }

        /** The native copy of the weights that forward and backward multiply with. */
        NativeMatrix nativeWeights() {
            return nativeWeights;
        }

        double[] bias() {
            return bias;
        }

        /** Index of W in the network's {@link BlockVector}. */
        public int weightIndex() {
            return weightIndex;
        }

        /** Index of b in the network's {@link BlockVector}, or -1 without bias. */
        public int biasIndex() {
            return biasIndex;
        }

        public boolean hasBias() {
            return bias != null;
        }

        /** Output width (rows of W). */
        public int outputWidth() {
            return weights.rows();
        }

        /** Input width (columns of W). */
        public int inputWidth() {
            return weights.cols();
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
        void refreshNative() {
            if (nativeWeights == null || nativeWeights.isClosed()) {
                nativeWeights = NativeMatrix.uninitialized(weights.rows(), weights.cols());
            }
            nativeWeights.copyFrom(weights.data());
        }

        @Override
        void storeNative() {
            if (nativeWeights != null && !nativeWeights.isClosed()) {
                nativeWeights.copyTo(weights.data());
            }
        }

        @Override
        void releaseNative() {
            if (nativeWeights != null) {
                nativeWeights.close();
                nativeWeights = null;
            }
            if (displacedWeights != null) {
                displacedWeights.close();
                displacedWeights = null;
            }
        }

        /** Whether this pass displaces W by a low-rank product (W z + s (dW z), W itself untouched). */
        private boolean displacedByProduct(ForwardPass pass) {
            return pass.displacementStep() != null && pass.displacementStep().isProduct(weightIndex);
        }

        /**
         * The matrix this pass multiplies with: the native weights, or W + s dW formed for a displaced
         * pass whose dW is dense (the same entries as adding s dW to theta: w + s d).
         */
        private NativeMatrix weightsFor(ForwardPass pass, boolean form) {
            BlockVector step = pass.displacementStep();
            if (step == null || step.isProduct(weightIndex)) {
                return nativeWeights;
            }
            if (form) {
                if (displacedWeights == null || displacedWeights.isClosed()) {
                    displacedWeights = NativeMatrix.uninitialized(weights.rows(), weights.cols());
                }
                double[] w = weights.data();
                double[] d = step.values(weightIndex);
                double s = pass.displacementScale();
                java.nio.DoubleBuffer out = displacedWeights.buffer();
                for (int i = 0; i < w.length; i++) {
                    out.put(i, w[i] + s * d[i]);
                }
            }
            return displacedWeights;
        }

        /** The bias of this pass: b, or b + s db for a displaced one (formed in forward); null without bias. */
        private double[] biasFor(ForwardPass pass, boolean form) {
            BlockVector step = pass.displacementStep();
            if (bias == null || step == null) {
                return bias;
            }
            if (form) {
                double[] d = step.values(biasIndex);
                double s = pass.displacementScale();
                for (int k = 0; k < bias.length; k++) {
                    displacedBias[k] = bias[k] + s * d[k];
                }
            }
            return displacedBias;
        }

        /** out = in W^T (W displaced as the pass says), into a fresh forward buffer. */
        private NativeMatrix product(NativeMatrix input, ForwardPass pass) {
            NativeMatrix out = pass.takeForward(input.rows(), weights.rows());
            Blas.gemm(false, true, 1.0, input, weightsFor(pass, true), 0.0, out);
            if (displacedByProduct(pass)) {
                pass.displacementStep().multiplyAddProduct(weightIndex, pass.displacementScale(), input, true, out);
            }
            return out;
        }

        private void keepInput(NativeMatrix input, boolean inputOwned, ForwardPass pass) {
            if (pass.keepsState()) {
                pass.save(input);
            } else if (inputOwned) {
                pass.releaseForward(input);
            }
        }

        @Override
        NativeMatrix forward(NativeMatrix input, boolean inputOwned, ForwardPass pass) {
            NativeMatrix out = product(input, pass);
            if (bias != null) {
                Elementwise.addBias(out, biasFor(pass, true), pass.scratch(0, out.cols()));
            }
            keepInput(input, inputOwned, pass);
            pass.lastOutputOwned = true;
            return out;
        }

        @Override
        NativeMatrix forwardFused(FiniteLayer next, NativeMatrix input, boolean inputOwned, ForwardPass pass) {
            return next instanceof ReluInstance relu ? forwardWithRelu(input, inputOwned, relu, pass) : null;
        }

        /** This layer followed by {@code relu}, in one pass over the output: a = c relu(W z + b). */
        private NativeMatrix forwardWithRelu(NativeMatrix input, boolean inputOwned, ReluInstance relu, ForwardPass pass) {
            NativeMatrix out = product(input, pass);
            Elementwise.biasRelu(out, biasFor(pass, true), relu.scale, pass.scratch(0, out.cols()));
            keepInput(input, inputOwned, pass);
            if (pass.keepsState()) {
                pass.save(out);
                pass.lastOutputOwned = false;
            } else {
                pass.lastOutputOwned = true;
            }
            return out;
        }

        @Override
        NativeMatrix backward(NativeMatrix gradOutput, int repeat, ForwardPass pass, NativeGradientSink sink,
                              boolean needInputGradient) {
            NativeMatrix input = pass.popSaved();
            boolean updates = sink.updatesWeights();
            if (updates && pass.displacementStep() != null) {
                throw new IllegalStateException("a descent step cannot start from a displaced pass");
            }
            if (!updates) {
                sink.parameters(this, gradOutput, repeat, input);
                pass.donePopped();
            }
            NativeMatrix gradIn = null;
            if (needInputGradient) {
                gradIn = pass.take(gradOutput.rows(), weights.cols());
                Blas.gemm(false, false, 1.0, gradOutput, weightsFor(pass, false), 0.0, gradIn);
                if (displacedByProduct(pass)) {
                    pass.displacementStep().multiplyAddProduct(weightIndex, pass.displacementScale(), gradOutput,
                            false, gradIn);
                }
            }
            if (updates) {
                sink.parameters(this, gradOutput, repeat, input);
                pass.donePopped();
            }
            pass.release(gradOutput);
            return gradIn;
        }

        /**
         * dW = g^T z: kept as its two factors when it is large and of low rank (few samples, a wide
         * layer: see {@link BlockVector#setProduct}), else formed by BLAS into a reused native buffer
         * and copied to the heap block; db = colsum(g).
         */
        @Override
        public void writeGradient(NativeMatrix g, NativeMatrix input, BlockVector gradient, boolean[] written,
                                  ForwardPass pass) {
            if (!written[weightIndex] && keepsFactored(g.rows())) {
                gradient.setProduct(weightIndex, g, input);
                written[weightIndex] = true;
            } else {
                writeDenseWeightGradient(g, input, gradient, written, pass);
            }
            if (bias != null) {
                double[] db = gradient.block(biasIndex);
                if (!written[biasIndex]) {
                    Arrays.fill(db, 0.0);
                    written[biasIndex] = true;
                }
                Elementwise.columnSumsInto(g, db, pass.scratch(0, g.cols()));
            }
        }

        /**
         * Whether a weight gradient of this rank is kept as factors: when the matrix is large enough for
         * its passes over memory to matter and the factors are under an eighth of its size.
         */
        private boolean keepsFactored(int rank) {
            long entries = (long) outputWidth() * inputWidth();
            return LowRankGradients.enabled() && entries >= LowRankGradients.MIN_ENTRIES
                    && 8L * rank * (outputWidth() + inputWidth()) <= entries;
        }

        private void writeDenseWeightGradient(NativeMatrix g, NativeMatrix input, BlockVector gradient,
                                              boolean[] written, ForwardPass pass) {
            double[] dW = gradient.block(weightIndex);
            NativeMatrix product = pass.take(outputWidth(), inputWidth());
            Blas.gemm(true, false, 1.0, g, input, 0.0, product);
            if (written[weightIndex]) {
                Elementwise.addInto(product, dW, pass.scratch(0, inputWidth()));
            } else {
                product.copyTo(dW);
                written[weightIndex] = true;
            }
            pass.release(product);
        }

        /** W += alpha g^T z by BLAS straight into the native weights; b += alpha colsum(g) on the heap. */
        @Override
        public void addScaledGradient(double alpha, NativeMatrix g, NativeMatrix input, ForwardPass pass) {
            Blas.gemm(true, false, alpha, g, input, 1.0, nativeWeights);
            if (bias != null) {
                Arrays.fill(biasStep, 0.0);
                Elementwise.columnSumsInto(g, biasStep, pass.scratch(0, g.cols()));
                for (int k = 0; k < bias.length; k++) {
                    bias[k] += alpha * biasStep[k];
                }
            }
        }

        /** <delta(x), delta(x')> (<z(x), z(x')> + [bias]). */
        @Override
        public NtkFactors ntkFactors(NativeMatrix g, NativeMatrix input) {
            return new NtkFactors(g, input, bias != null ? 1.0 : 0.0);
        }
    }

    /** a = c relu(h) with c = sqrt(gain / m). Keeps its output, whose sign is relu'(h), for backward. */
    public static final class ReluInstance extends FiniteLayer {
        private final double scale;

        ReluInstance(double scale) {
            this.scale = scale;
        }

        /** c in a = c relu(h). */
        double scale() {
            return scale;
        }

        @Override
        void initialize(long seed) {
        }

        @Override
        void refreshNative() {
        }

        @Override
        NativeMatrix forward(NativeMatrix input, boolean inputOwned, ForwardPass pass) {
            NativeMatrix out = inputOwned ? input : pass.takeForward(input.rows(), input.cols());
            Elementwise.relu(input, scale, out, pass.scratch(0, input.cols()));
            if (pass.keepsState()) {
                pass.save(out);
                pass.lastOutputOwned = false;
            } else {
                pass.lastOutputOwned = true;
            }
            return out;
        }

        @Override
        NativeMatrix backward(NativeMatrix gradOutput, int repeat, ForwardPass pass, NativeGradientSink sink,
                              boolean needInputGradient) {
            NativeMatrix activation = pass.popSaved();
            if (!needInputGradient) {
                pass.donePopped();
                pass.release(gradOutput);
                return null;
            }
            // a > 0 exactly where h > 0 (a = c relu(h) with c > 0), so a is the derivative's mask
            int width = gradOutput.cols();
            Elementwise.reluBackward(gradOutput, activation, repeat, scale, pass.scratch(0, width),
                    pass.scratch(1, width));
            pass.donePopped();
            return gradOutput;
        }
    }

    /**
     * a = c phi(h) for any {@link org.ntklab.activation.Activation} (ReLU has its own fused
     * {@link ReluInstance}). Keeps its input h for backward, where g = c phi'(h) g.
     */
    public static final class ActivationInstance extends FiniteLayer {
        private final org.ntklab.activation.Activation activation;
        private final double scale;

        ActivationInstance(org.ntklab.activation.Activation activation, double scale) {
            this.activation = activation;
            this.scale = scale;
        }

        @Override
        void initialize(long seed) {
        }

        @Override
        void refreshNative() {
        }

        @Override
        NativeMatrix forward(NativeMatrix input, boolean inputOwned, ForwardPass pass) {
            // the input is kept for backward (phi'(h) needs h), so the output is written elsewhere then
            boolean inPlace = inputOwned && !pass.keepsState();
            NativeMatrix out = inPlace ? input : pass.takeForward(input.rows(), input.cols());
            Elementwise.apply(input, activation, scale, out, pass.scratch(0, input.cols()));
            if (pass.keepsState()) {
                pass.save(input);
            } else if (inputOwned && !inPlace) {
                pass.releaseForward(input);
            }
            pass.lastOutputOwned = true;
            return out;
        }

        @Override
        NativeMatrix backward(NativeMatrix gradOutput, int repeat, ForwardPass pass, NativeGradientSink sink,
                              boolean needInputGradient) {
            NativeMatrix preActivation = pass.popSaved();
            if (!needInputGradient) {
                pass.donePopped();
                pass.release(gradOutput);
                return null;
            }
            int width = gradOutput.cols();
            Elementwise.derivativeBackward(gradOutput, preActivation, repeat, activation, scale,
                    pass.scratch(0, width), pass.scratch(1, width));
            pass.donePopped();
            return gradOutput;
        }
    }

    /** z -> c z with c = sqrt(gain / m), in place whenever the input may be overwritten. */
    public static final class ScaleInstance extends FiniteLayer {
        private final double scale;

        ScaleInstance(double scale) {
            this.scale = scale;
        }

        @Override
        void initialize(long seed) {
        }

        @Override
        void refreshNative() {
        }

        @Override
        NativeMatrix forward(NativeMatrix input, boolean inputOwned, ForwardPass pass) {
            NativeMatrix out = inputOwned ? input : pass.takeForward(input.rows(), input.cols());
            Elementwise.scale(input, scale, out, pass.scratch(0, input.cols()));
            pass.lastOutputOwned = true;
            return out;
        }

        @Override
        NativeMatrix backward(NativeMatrix gradOutput, int repeat, ForwardPass pass, NativeGradientSink sink,
                              boolean needInputGradient) {
            if (!needInputGradient) {
                pass.release(gradOutput);
                return null;
            }
            Elementwise.scale(gradOutput, scale, gradOutput, pass.scratch(0, gradOutput.cols()));
            return gradOutput;
        }
    }

    /** a -> a + alpha branch(a); the sum is formed in place in the branch's output. */
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
        void refreshNative() {
            refreshAll(branch);
        }

        @Override
        void releaseNative() {
            releaseAll(branch);
        }

        @Override
        void storeNative() {
            storeAllNative(branch);
        }

        @Override
        NativeMatrix forward(NativeMatrix input, boolean inputOwned, ForwardPass pass) {
            // the skip path still reads the input, so the branch must not overwrite it
            NativeMatrix b = forwardAll(branch, input, false, pass);
            NativeMatrix out = b;
            if (!pass.lastOutputOwned) {
                out = pass.takeForward(b.rows(), b.cols());
            }
            Elementwise.addScaled(input, alpha, b, out, pass.scratch(0, out.cols()), pass.scratch(1, out.cols()));
            if (inputOwned && !pass.keepsState()) {
                pass.releaseForward(input);
            }
            pass.lastOutputOwned = true;
            return out;
        }

        @Override
        NativeMatrix backward(NativeMatrix gradOutput, int repeat, ForwardPass pass, NativeGradientSink sink,
                              boolean needInputGradient) {
            NativeMatrix scaled = pass.take(gradOutput.rows(), gradOutput.cols());
            Elementwise.scale(gradOutput, alpha, scaled, pass.scratch(0, gradOutput.cols()));
            NativeMatrix gb = backwardAll(branch, scaled, repeat, pass, sink, true);
            if (!needInputGradient) {
                pass.release(gb);
                pass.release(gradOutput);
                return null;
            }
            Elementwise.addScaled(gradOutput, 1.0, gb, gradOutput, pass.scratch(0, gradOutput.cols()),
                    pass.scratch(1, gradOutput.cols()));
            pass.release(gb);
            return gradOutput;
        }
    }
}
