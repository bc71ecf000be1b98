package org.ntklab.arch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.NativeMatrix;

/**
 * A {@link Network}'s performance state, kept out of its model API: the layers' native weight
 * mirrors and whether they are current, the native passes cached per batch size, and the reusable
 * writers of gradients and descent steps (so a training loop allocates nothing per step). Every
 * method runs under the network's lock.
 */
final class NetworkBuffers {
    /** Cached passes per batch size, most recently used first; at most this many of each kind. */
    private static final int PASS_CACHE = 2;
    /** Outputs-only passes larger than this are not kept between calls. */
    private static final long MAX_CACHED_INFERENCE_BYTES = 256L << 20;

    private final Network network;
    private final List<FiniteLayer> layers;
    private final BlockVector parameters;
    private final ArrayList<ForwardPass> tracePasses = new ArrayList<>();
    private final ArrayList<ForwardPass> inferencePasses = new ArrayList<>();
    private long nativeWeightsVersion;
    /**
     * The parameters' {@link BlockVector#version()} at which the native weights were last written
     * together with the heap ones (by a descent step); -1 when unknown.
     */
    private long mirroredVersion = -1;
    /** The parameters' version when they were last copied into the native mirrors; -1 when unknown. */
    private long copiedVersion = -1;
    private GradientWriter gradientWriter;
    private DescentWriter descentWriter;
    /** Copies the native weights to the heap parameters (run by {@link BlockVector} when they are next used). */
    private final Runnable heapSync;

    NetworkBuffers(Network network, List<FiniteLayer> layers, BlockVector parameters) {
        this.network = network;
        this.layers = layers;
        this.parameters = parameters;
        this.heapSync = () -> {
            synchronized (network) {
                FiniteLayer.storeAllNative(layers);
            }
        };
    }

    /** The cached pass for traces of {@code rows} samples (made when missing). */
    ForwardPass tracePass(int rows) {
        return cachedPass(tracePasses, rows, true);
    }

    /** The cached outputs-only pass for {@code rows} samples (made when missing). */
    ForwardPass inferencePass(int rows) {
        return cachedPass(inferencePasses, rows, false);
    }

    /** After an outputs-only pass: a one-off evaluation of a large set gives its memory back. */
    void afterInference(ForwardPass pass) {
        if (pass.nativeBytes() > MAX_CACHED_INFERENCE_BYTES) {
            inferencePasses.remove(pass);
            pass.close();
        }
    }

    boolean isCachedTrace(ForwardPass pass) {
        for (int i = 0; i < tracePasses.size(); i++) {
            if (tracePasses.get(i) == pass) {
                return true;
            }
        }
        return false;
    }

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
        ForwardPass p = new ForwardPass(network, keepState);
        cache.add(0, p);
        while (cache.size() > PASS_CACHE) {
            cache.remove(cache.size() - 1).close();
        }
        return p;
    }

    /** grad = dL/dtheta by back-propagating {@code gradOutput} through {@code pass}. */
    void writeGradient(ForwardPass pass, Matrix gradOutput, BlockVector grad) {
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

    /** theta -= learningRate dL/dtheta in place, on the native weights (see {@link Network#descend}). */
    void descend(ForwardPass pass, Matrix gradOutput, double learningRate) {
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

    /**
     * Copies the parameters into the layers' native mirrors, unless a descent step wrote both and
     * nothing has changed since; returns the mirrors' version.
     */
    long refreshNativeWeights() {
        if (mirroredVersion == parameters.version()) {
            return nativeWeightsVersion;
        }
        mirroredVersion = -1;
        parameters.syncDeferred(); // the heap values must be current before they are copied
        FiniteLayer.refreshAll(layers);
        copiedVersion = parameters.version();
        return ++nativeWeightsVersion;
    }

    /**
     * The native mirrors without a copy when the parameters' version has not changed since they were
     * last copied (a flow's trial step right after the evaluation at its base point), else refreshed.
     * Ordinary passes always copy, which also sees writes into arrays fetched from
     * {@link BlockVector#block} long before.
     */
    long currentNativeWeights() {
        if (copiedVersion == parameters.version()) {
            return nativeWeightsVersion;
        }
        return refreshNativeWeights();
    }

    long nativeWeightsVersion() {
        return nativeWeightsVersion;
    }

    /** Frees the cached passes and the native weight mirrors (made again when next needed). */
    void release() {
        parameters.syncDeferred(); // the native weights may hold the newest values
        FiniteLayer.releaseAll(layers);
        copiedVersion = -1;
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
            Arrays.fill(written, false);
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
                    Arrays.fill(grad.block(k), 0.0);
                }
            }
        }
    }
}
