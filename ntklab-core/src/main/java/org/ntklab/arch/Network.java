package org.ntklab.arch;

import java.util.ArrayList;
import java.util.List;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.NativeMatrix;

/**
 * A finite-width network: an {@link Architecture} with concrete parameters. Forward and backward work
 * on whole batches (n x d inputs, n x C outputs).
 *
 * <p>The passes run on native buffers ({@link ForwardPass}) that the network keeps between calls,
 * one set per batch size for the two most recent sizes, so a training loop allocates them once; the
 * weights are copied into a native mirror at every forward pass, so changing {@link #parameters()}
 * between passes is always seen (the one exception, after {@link #descend}, is described at
 * {@link BlockVector}). Methods synchronise on the network: concurrent use from several
 * threads is safe but serialised.
 */
public final class Network {
    private final Architecture architecture;
    private final List<FiniteLayer> layers;
    private final BlockVector parameters;

    private Network(Architecture architecture, List<FiniteLayer> layers, BlockVector parameters) {
        this.architecture = architecture;
        this.layers = layers;
        this.parameters = parameters;
    }

    /** A network with all parameters drawn as the architecture prescribes, from {@code seed}. */
    public static Network initialize(Architecture architecture, long seed) {
        Network net = build(architecture, ParameterRegistry.fresh());
        net.reinitialize(seed);
        return net;
    }

    /** Redraws all parameters in place from {@code seed}: same values as {@link #initialize}, no allocation. */
    public void reinitialize(long seed) {
        parameters.dropDeferredSync(); // every value is overwritten: pending newer ones are moot
        for (FiniteLayer layer : layers) {
            layer.initialize(seed);
        }
        parameters.markModified();
    }

    /** A network that uses (not copies) the given parameters, which must fit the architecture. */
    public static Network withParameters(Architecture architecture, BlockVector parameters) {
        return build(architecture, ParameterRegistry.adopting(parameters));
    }

    private static Network build(Architecture architecture, ParameterRegistry registry) {
        List<FiniteLayer> finite = new ArrayList<>();
        int w = architecture.inputDim();
        for (int i = 0; i < architecture.layers().size(); i++) {
            Layer layer = architecture.layers().get(i);
            registry.setPrefix("layer" + i + ".");
            finite.add(layer.instantiate(w, registry));
            w = layer.outputWidth(w);
        }
        return new Network(architecture, List.copyOf(finite), registry.build());
    }

    /** An independent copy with the same parameter values. */
    public Network copy() {
        return withParameters(architecture, parameters.copy());
    }

    public Architecture architecture() {
        return architecture;
    }

    /** The live parameters: changing them changes the network. */
    public BlockVector parameters() {
        return parameters;
    }

    public int outputs() {
        return architecture.outputs();
    }

    List<FiniteLayer> finiteLayers() {
        return layers;
    }

    /**
     * A forward pass with everything back-propagation needs. {@code saved} holds a handle on the
     * native buffers of the pass (cached in the network per batch size). If another trace of the same
     * batch size has reused those buffers by the time this one is back-propagated, the forward pass
     * is recomputed from {@code input}, so results never depend on the order of calls.
     */
    public record Trace(Matrix input, Matrix output, List<Object> saved) {
    }

    /** Identifies the run of a cached pass a trace was taken from. */
    private record TraceHandle(ForwardPass pass, long generation) {
    }

    public synchronized Matrix forward(Matrix x) {
        ForwardPass pass = cachedPass(inferencePasses, x.rows(), false);
        pass.run(x);
        Matrix out = pass.output();
        if (pass.nativeBytes() > MAX_CACHED_INFERENCE_BYTES) {
            // a one-off evaluation of a large set: give the memory back rather than keep it
            inferencePasses.remove(pass);
            pass.close();
        }
        return out;
    }

    /** Outputs-only passes larger than this are not kept between calls. */
    private static final long MAX_CACHED_INFERENCE_BYTES = 256L << 20;

    public synchronized Trace trace(Matrix x) {
        ForwardPass pass = cachedPass(tracePasses, x.rows(), true);
        pass.run(x);
        return new Trace(x, pass.output(), List.of(new TraceHandle(pass, pass.generation())));
    }

    /**
     * A forward pass on {@code x} with its own native buffers, for callers that run backward passes
     * on native buffers ({@link ForwardPass#backward(Matrix, int, NativeGradientSink)}) and want to
     * release the memory when done: close it (try-with-resources).
     */
    public synchronized ForwardPass forwardPass(Matrix x) {
        ForwardPass pass = new ForwardPass(this, true);
        try {
            pass.run(x);
        } catch (RuntimeException e) {
            pass.close();
            throw e;
        }
        return pass;
    }

    /** The pass a trace was taken from, recomputed when its buffers have since been reused. */
    private ForwardPass passOf(Trace trace) {
        if (trace.saved().size() == 1 && trace.saved().get(0) instanceof TraceHandle handle
                && handle.pass().generation() == handle.generation() && !handle.pass().isClosed()
                && isCached(tracePasses, handle.pass())) {
            return handle.pass();
        }
        ForwardPass pass = cachedPass(tracePasses, trace.input().rows(), true);
        pass.run(trace.input());
        return pass;
    }

    private void requireGradientShape(Trace trace, Matrix gradOutput, int repeat) {
        if (repeat < 1 || gradOutput.rows() != trace.input().rows() * repeat || gradOutput.cols() != outputs()) {
            throw new IllegalArgumentException("output gradient " + gradOutput.shape() + " does not match "
                    + trace.input().rows() + " samples x repeat " + repeat + " and " + outputs() + " outputs");
        }
    }

    /**
     * Gradient of sum_i <gradOutput_i, f(x_i)> with respect to all parameters: with gradOutput = dL/df
     * this is dL/dtheta.
     */
    public BlockVector gradient(Trace trace, Matrix gradOutput) {
        BlockVector grad = parameters.zerosLike();
        gradientInto(trace, gradOutput, grad);
        return grad;
    }

    /**
     * As {@link #gradient}, written into {@code grad} (overwritten). Steady state allocates nothing of
     * batch or parameter size: weight gradients are formed by BLAS in a reused native buffer and
     * copied into {@code grad}; bias gradients are column sums.
     */
    public synchronized void gradientInto(Trace trace, Matrix gradOutput, BlockVector grad) {
        requireGradientShape(trace, gradOutput, 1);
        if (grad.blockCount() != parameters.blockCount()) {
            throw new IllegalArgumentException("gradient has " + grad.blockCount() + " blocks, the network "
                    + parameters.blockCount());
        }
        ForwardPass pass = passOf(trace);
        if (gradientWriter == null || gradientWriter.written.length != grad.blockCount()) {
            gradientWriter = new GradientWriter(grad.blockCount());
        }
        GradientWriter writer = gradientWriter;
        writer.start(grad, pass);
        try {
            pass.backward(gradOutput, 1, writer);
            writer.zeroUnwritten();
        } finally {
            writer.finish();
        }
    }

    /** Reused by {@link #gradientInto} (guarded by this network's lock), so steps allocate nothing. */
    private GradientWriter gradientWriter;

    /**
     * One gradient-descent step in place: theta <- theta - learningRate * dL/dtheta, where
     * gradOutput = dL/df at the trace's outputs (as for {@link #gradientInto}). The same update as
     * {@code gradientInto(trace, gradOutput, g); parameters().addScaled(-learningRate, g)} up to
     * rounding, with no gradient formed and no copy: each layer's weight gradient is accumulated by
     * BLAS straight into the native weights (after that layer's input gradient, which needs the old
     * weights, has been formed); biases are updated on the heap. The heap weights are brought up to
     * date only when {@link #parameters()} is next used (see {@link BlockVector}), so a loop of
     * forward passes and descent steps never copies the weights. No check for non-finite values is
     * made here: see {@link BlockVector#firstNonFinite()}.
     */
    public synchronized void descend(Trace trace, Matrix gradOutput, double learningRate) {
        requireGradientShape(trace, gradOutput, 1);
        if (!Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite, got " + learningRate);
        }
        ForwardPass pass = passOf(trace);
        if (descentWriter == null) {
            descentWriter = new DescentWriter();
        }
        DescentWriter writer = descentWriter;
        writer.start(-learningRate, pass);
        try {
            pass.backward(gradOutput, 1, writer);
        } finally {
            writer.finish();
            // the native weights are now the newest values: the heap ones follow when next read, and
            // this network's next pass need not copy them back (other passes and networks re-read)
            parameters.deferSync(heapSync);
            parameters.markModified();
            nativeWeightsVersion++;
            mirroredVersion = parameters.version();
        }
    }

    /** Reused by {@link #descend} (guarded by this network's lock). */
    private DescentWriter descentWriter;

    /** Copies the native weights to the heap parameters (run by {@link BlockVector} when they are next used). */
    private final Runnable heapSync = this::storeNativeWeights;

    private synchronized void storeNativeWeights() {
        FiniteLayer.storeAllNative(layers);
    }

    /** Takes each parametric layer's share of an in-place descent step as back-propagation reaches it. */
    private static final class DescentWriter implements NativeGradientSink {
        private double alpha;
        private ForwardPass pass;

        void start(double alpha, ForwardPass pass) {
            this.alpha = alpha;
            this.pass = pass;
        }

        void finish() {
            pass = null;
        }

        @Override
        public boolean updatesWeights() {
            return true;
        }

        @Override
        public void parameters(ParametricLayer layer, NativeMatrix g, int repeat, NativeMatrix input) {
            layer.addScaledGradient(alpha, g, input, pass);
        }
    }

    /** Collects each parametric layer's gradient into the blocks of a {@link BlockVector}. */
    private static final class GradientWriter implements NativeGradientSink {
        final boolean[] written;
        private BlockVector grad;
        private ForwardPass pass;

        GradientWriter(int blocks) {
            written = new boolean[blocks];
        }

        void start(BlockVector grad, ForwardPass pass) {
            this.grad = grad;
            this.pass = pass;
            java.util.Arrays.fill(written, false);
        }

        void finish() {
            grad = null;
            pass = null;
        }

        @Override
        public void parameters(ParametricLayer layer, NativeMatrix g, int repeat, NativeMatrix input) {
            layer.writeGradient(g, input, grad, written, pass);
        }

        void zeroUnwritten() {
            for (int k = 0; k < written.length; k++) {
                if (!written[k]) {
                    java.util.Arrays.fill(grad.block(k), 0.0);
                }
            }
        }
    }

    // --- native weights and pass caches --------------------------------------------------------

    /** Cached passes per batch size, most recently used first; at most PASS_CACHE of each kind. */
    private static final int PASS_CACHE = 2;
    private final ArrayList<ForwardPass> tracePasses = new ArrayList<>();
    private final ArrayList<ForwardPass> inferencePasses = new ArrayList<>();
    private long nativeWeightsVersion;
    /**
     * The parameters' {@link BlockVector#version()} at which the native weights were last written
     * together with the heap ones (by {@link #descend}); -1 when unknown.
     */
    private long mirroredVersion = -1;

    private ForwardPass cachedPass(ArrayList<ForwardPass> cache, int rows, boolean keepState) {
        for (int i = 0; i < cache.size(); i++) {
            ForwardPass p = cache.get(i);
            if (p.samples() == rows) {
                if (i != 0) {
                    cache.remove(i);
                    cache.add(0, p);
                }
                return p;
            }
        }
        ForwardPass p = new ForwardPass(this, keepState);
        cache.add(0, p);
        while (cache.size() > PASS_CACHE) {
            cache.remove(cache.size() - 1).close();
        }
        return p;
    }

    private static boolean isCached(ArrayList<ForwardPass> cache, ForwardPass pass) {
        for (int i = 0; i < cache.size(); i++) {
            if (cache.get(i) == pass) {
                return true;
            }
        }
        return false;
    }

    /**
     * Copies the parameters into the layers' native mirrors, unless {@link #descend} wrote both and
     * nothing has changed since; returns the mirrors' version.
     */
    synchronized long refreshNativeWeights() {
        if (mirroredVersion == parameters.version()) {
            return nativeWeightsVersion;
        }
        mirroredVersion = -1;
        parameters.syncDeferred(); // the heap values must be current before they are copied
        FiniteLayer.refreshAll(layers);
        return ++nativeWeightsVersion;
    }

    synchronized long nativeWeightsVersion() {
        return nativeWeightsVersion;
    }

    /**
     * Frees the native buffers cached for {@link #trace} and {@link #forward} and the native copy of
     * the weights (they are also freed when the network is garbage collected). The network stays
     * usable; traces taken before are recomputed when back-propagated.
     */
    public synchronized void releaseBuffers() {
        parameters.syncDeferred(); // the native weights may hold the newest values
        FiniteLayer.releaseAll(layers);
        // open dedicated passes see a new version and refresh the mirrors before back-propagating
        nativeWeightsVersion++;
        mirroredVersion = -1;
        for (ForwardPass p : tracePasses) {
            p.close();
        }
        for (ForwardPass p : inferencePasses) {
            p.close();
        }
        tracePasses.clear();
        inferencePasses.clear();
    }
}
