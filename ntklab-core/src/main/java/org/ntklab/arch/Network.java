package org.ntklab.arch;

import java.util.ArrayList;
import java.util.List;
import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.Matrix;

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
    /** Native weight mirrors, cached passes and reusable writers: the speed, kept out of this API. */
    private final NetworkBuffers buffers;

    private Network(Architecture architecture, List<FiniteLayer> layers, BlockVector parameters) {
        this.architecture = architecture;
        this.layers = layers;
        this.parameters = parameters;
        this.buffers = new NetworkBuffers(this, layers, parameters);
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

    /** Identifies the run of a cached pass a trace was taken from (and its displacement, if any). */
    private record TraceHandle(ForwardPass pass, long generation, double scale, BlockVector step) {
    }

    public synchronized Matrix forward(Matrix x) {
        ForwardPass pass = buffers.inferencePass(x.rows());
        pass.run(x);
        Matrix out = pass.output();
        buffers.afterInference(pass);
        return out;
    }

    public synchronized Trace trace(Matrix x) {
        return traceDisplaced(x, 0.0, null);
    }

    /**
     * A trace at the parameters theta + scale * step, with {@link #parameters()} left as they are:
     * where a dense layer's block of {@code step} is a low-rank product (a weight gradient on few
     * samples) its products become W z + scale (step z), so the point is never formed and the
     * weights are not even copied again when they did not change since the last pass. The flow's
     * trial steps run this way. Gradients of the trace are taken at the displaced point; {@code step}
     * must not change until they have been. A null step is {@link #trace}.
     */
    public synchronized Trace traceDisplaced(Matrix x, double scale, BlockVector step) {
        if (step != null && step.blockCount() != parameters.blockCount()) {
            throw new IllegalArgumentException("step has " + step.blockCount() + " blocks, the network "
                    + parameters.blockCount());
        }
        ForwardPass pass = buffers.tracePass(x.rows());
        pass.runDisplaced(x, scale, step);
        return new Trace(x, pass.output(), List.of(new TraceHandle(pass, pass.generation(), scale, step)));
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
        TraceHandle handle = trace.saved().size() == 1 && trace.saved().get(0) instanceof TraceHandle h ? h : null;
        if (handle != null && handle.pass().generation() == handle.generation() && !handle.pass().isClosed()
                && buffers.isCachedTrace(handle.pass())) {
            return handle.pass();
        }
        ForwardPass pass = buffers.tracePass(trace.input().rows());
        // recomputed at the same point: displaced when the trace was (a null step is a plain run)
        pass.runDisplaced(trace.input(), handle == null ? 0.0 : handle.scale(), handle == null ? null : handle.step());
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
        buffers.writeGradient(passOf(trace), gradOutput, grad);
    }

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
        buffers.descend(passOf(trace), gradOutput, learningRate);
    }

    /**
     * Frees the native buffers cached for {@link #trace} and {@link #forward} and the native copy of
     * the weights (they are also freed when the network is garbage collected). The network stays
     * usable; traces taken before are recomputed when back-propagated.
     */
    public synchronized void releaseBuffers() {
        buffers.release();
    }

    /** The layers' native weight mirrors, current: their version (see {@link ForwardPass}). */
    synchronized long refreshNativeWeights() {
        return buffers.refreshNativeWeights();
    }

    /** The native weight mirrors as they are if nothing changed the parameters since they were copied, else refreshed. */
    synchronized long currentNativeWeights() {
        return buffers.currentNativeWeights();
    }

    synchronized long nativeWeightsVersion() {
        return buffers.nativeWeightsVersion();
    }
}
