package org.ntklab.arch;

import java.util.ArrayList;
import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.NativeMatrix;

/**
 * A forward pass of a {@link Network} on one batch, held in native buffers, from which any number of
 * backward passes can be run. Activations, back-propagated gradients and scratch space come from a
 * pool owned by the pass, so running the pass again on a batch of the same size (the next training
 * step) reuses every buffer: steady-state steps allocate no native or heap memory of batch size.
 *
 * <p>What is kept for the backward pass is what the layers need and no more: the input of each
 * dense layer and the output of each ReLU (whose sign is the ReLU's derivative, so the
 * pre-activation is never stored). A dense layer followed by a ReLU runs as one fused pass over its
 * output (bias, rectification and scale); scales and residual sums run in place.
 *
 * <p>{@link Network#trace} uses passes cached inside the network; {@link Network#forwardPass} gives a
 * dedicated one whose buffers the caller releases with {@link #close()} (the empirical NTK does this
 * to bound its memory). A pass uses the network's parameters as they are at {@link #run}; all
 * methods synchronise on the network.
 */
public final class ForwardPass implements AutoCloseable {
    private final Network network;
    private final boolean keepState;
    private final BufferPool pool = new BufferPool();
    /** Buffers taken during the forward pass, given back to the pool when the pass runs again. */
    private final ArrayList<NativeMatrix> held = new ArrayList<>();
    /** What layers saved for backward, in forward order; backward consumes it from the end. */
    private final ArrayList<NativeMatrix> saved = new ArrayList<>();
    private int savedCursor;
    private NativeMatrix input;
    private NativeMatrix output;
    private int samples = -1;
    private long generation;
    private long weightsVersion = -1;
    private boolean closed;
    /** During a consuming backward pass: free each saved buffer at its last use. */
    private boolean consuming;
    /** Set when a consuming backward pass has freed the saved state; cleared by {@link #run}. */
    private boolean spent;
    /** Heap scratch rows for the element-wise loops (see {@link Elementwise}). */
    private final double[][] scratch = new double[2][];
    /** Set by each layer's forward: whether the buffer it returned may be overwritten by the next. */
    boolean lastOutputOwned;
    /** The parameters are theta + displacementScale * displacementStep in this pass (null: theta). */
    private BlockVector displacementStep;
    private double displacementScale;

    ForwardPass(Network network, boolean keepState) {
        this.network = network;
        this.keepState = keepState;
    }

    /** Runs the network on {@code x} (n x d), replacing whatever this pass held before. */
    public void run(Matrix x) {
        runDisplaced(x, 0.0, null);
    }

    /**
     * Runs the network with parameters theta + scale * step on {@code x}, theta unchanged: dense
     * layers whose step block is a low-rank product ({@link BlockVector#setProduct}) add
     * scale * (step z) to their products with W, the others multiply with W + scale * step formed
     * in native memory (so a network without products gets the same numbers as forming the
     * point). A null step is {@link #run}. The backward pass differentiates at the same point; the
     * step must not change until it has run.
     */
    void runDisplaced(Matrix x, double scale, BlockVector step) {
        synchronized (network) {
            displacementScale = scale;
            displacementStep = step;
            requireOpen();
            network.architecture().requireInputs("inputs", x);
            for (int i = 0; i < held.size(); i++) {
                pool.release(held.get(i));
            }
            held.clear();
            saved.clear();
            spent = false;
            if (input == null || !input.hasShape(x.rows(), x.cols())) {
                if (input != null) {
                    input.close();
                }
                input = NativeMatrix.uninitialized(x.rows(), x.cols());
            }
            input.copyFrom(x.data());
            samples = x.rows();
            // a displaced pass reads the weights as last copied when nothing changed them since
            weightsVersion = step == null ? network.refreshNativeWeights() : network.currentNativeWeights();
            output = FiniteLayer.forwardAll(network.finiteLayers(), input, false, this);
            generation++;
        }
    }

    /** The step of a displaced pass ({@link #runDisplaced}), or null. */
    BlockVector displacementStep() {
        return displacementStep;
    }

    double displacementScale() {
        return displacementScale;
    }

    /** Number of samples of the last run. */
    public int samples() {
        return samples;
    }

    /** Incremented by every {@link #run}; lets a {@link Network.Trace} notice that its pass was reused. */
    long generation() {
        return generation;
    }

    /** The network output of the last run (n x C), as a native buffer owned by this pass. */
    public NativeMatrix outputBuffer() {
        requireRun();
        return output;
    }

    /** The network output of the last run, n x C, copied to the heap. */
    public Matrix output() {
        synchronized (network) {
            requireRun();
            return output.toMatrix();
        }
    }

    /**
     * Back-propagates {@code gradOutput} (n * repeat rows, C columns; row r belongs to sample
     * r / repeat) and reports every dense layer's output gradient and input to {@code sink}, in
     * back-propagation order (last layer first).
     */
    public void backward(Matrix gradOutput, int repeat, NativeGradientSink sink) {
        synchronized (network) {
            requireRun();
            requireGradientShape(gradOutput.rows(), gradOutput.cols(), repeat);
            NativeMatrix g = pool.take(gradOutput.rows(), gradOutput.cols());
            g.copyFrom(gradOutput.data());
            runBackward(g, repeat, sink);
        }
    }

    /**
     * As {@link #backward(Matrix, int, NativeGradientSink)}, as the last backward pass of this run:
     * every activation is freed as soon as back-propagation is past it, so the buffers in use at any
     * time are the activations still ahead plus one gradient. Another backward pass needs
     * {@link #run} first.
     */
    public void backwardAndRelease(Matrix gradOutput, int repeat, NativeGradientSink sink) {
        synchronized (network) {
            requireRun();
            requireGradientShape(gradOutput.rows(), gradOutput.cols(), repeat);
            NativeMatrix g = pool.take(gradOutput.rows(), gradOutput.cols());
            g.copyFrom(gradOutput.data());
            consuming = true;
            try {
                runBackward(g, repeat, sink);
            } finally {
                consuming = false;
                spent = true;
            }
        }
    }

    /** As {@link #backward(Matrix, int, NativeGradientSink)} with the output gradient in a native buffer (not modified). */
    public void backward(NativeMatrix gradOutput, int repeat, NativeGradientSink sink) {
        synchronized (network) {
            requireRun();
            requireGradientShape(gradOutput.rows(), gradOutput.cols(), repeat);
            NativeMatrix g = pool.take(gradOutput.rows(), gradOutput.cols());
            g.buffer().put(0, gradOutput.buffer(), 0, gradOutput.size());
            runBackward(g, repeat, sink);
        }
    }

    private void runBackward(NativeMatrix g, int repeat, NativeGradientSink sink) {
        if (!keepState) {
            throw new IllegalStateException("this pass was run for outputs only and kept nothing to back-propagate");
        }
        if (spent) {
            throw new IllegalStateException("backwardAndRelease freed this pass's activations: run it again first");
        }
        if (weightsVersion != network.nativeWeightsVersion()) {
            // another pass refreshed the native weights since this one ran: bring them back in line
            weightsVersion = network.refreshNativeWeights();
        }
        savedCursor = saved.size();
        NativeMatrix rest = FiniteLayer.backwardAll(network.finiteLayers(), g, repeat, this, sink, false);
        if (rest != null) {
            pool.release(rest);
        }
        if (savedCursor != 0) {
            throw new IllegalStateException("backward consumed " + (saved.size() - savedCursor) + " of "
                    + saved.size() + " saved states");
        }
    }

    private void requireGradientShape(int rows, int cols, int repeat) {
        if (repeat < 1 || rows != samples * repeat || cols != network.outputs()) {
            throw new IllegalArgumentException("output gradient " + rows + "x" + cols + " does not match "
                    + samples + " samples x repeat " + repeat + " and " + network.outputs() + " outputs");
        }
    }

    // --- used by the layers -----------------------------------------------------------------

    boolean keepsState() {
        return keepState;
    }

    /** A buffer for the forward pass, held until the pass runs again (or released earlier). */
    NativeMatrix takeForward(int rows, int cols) {
        NativeMatrix m = pool.take(rows, cols);
        held.add(m);
        return m;
    }

    /** Gives back a forward buffer whose contents are dead before the pass ends (outputs-only runs). */
    void releaseForward(NativeMatrix m) {
        for (int i = held.size() - 1; i >= 0; i--) {
            if (held.get(i) == m) {
                held.remove(i);
                pool.release(m);
                return;
            }
        }
    }

    /** A scratch buffer for the backward pass or for a sink; give it back with {@link #release}. */
    NativeMatrix take(int rows, int cols) {
        return pool.take(rows, cols);
    }

    void release(NativeMatrix m) {
        pool.release(m);
    }

    /** Scratch array {@code which} (0 or 1), long enough for chunks of rows of the given width. */
    double[] scratch(int which, int width) {
        int len = Math.max(Elementwise.scratchLength(width), width);
        double[] s = scratch[which];
        if (s == null || s.length < len) {
            s = new double[Math.max(len, s == null ? 0 : s.length)];
            scratch[which] = s;
        }
        return s;
    }

    void save(NativeMatrix m) {
        saved.add(m);
    }

    NativeMatrix popSaved() {
        NativeMatrix m = saved.get(--savedCursor);
        if (consuming) {
            // the earliest save of a buffer is its last use going backwards: free it then
            boolean usedEarlier = false;
            for (int i = 0; i < savedCursor; i++) {
                if (saved.get(i) == m) {
                    usedEarlier = true;
                    break;
                }
            }
            if (!usedEarlier) {
                pendingRelease = m;
            }
        }
        return m;
    }

    /** A saved buffer to free once the layer that popped it is done with it (consuming passes). */
    private NativeMatrix pendingRelease;

    /** Called by layers when they no longer read what they popped. */
    void donePopped() {
        NativeMatrix m = pendingRelease;
        if (m != null) {
            pendingRelease = null;
            releaseForward(m);
        }
    }

    /** Native bytes this pass holds (activations, gradients, scratch), for memory reports. */
    public long nativeBytes() {
        return pool.bytes() + (input == null ? 0 : (long) input.size() * Double.BYTES);
    }

    public boolean isClosed() {
        return closed;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("forward pass was closed");
        }
    }

    private void requireRun() {
        requireOpen();
        if (output == null) {
            throw new IllegalStateException("forward pass has not been run");
        }
    }

    /** Frees all native buffers of this pass. */
    @Override
    public void close() {
        synchronized (network) {
            if (closed) {
                return;
            }
            closed = true;
            held.clear();
            saved.clear();
            pool.close();
            if (input != null) {
                input.close();
                input = null;
            }
            output = null;
        }
    }
}
