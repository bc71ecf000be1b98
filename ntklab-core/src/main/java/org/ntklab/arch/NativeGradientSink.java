package org.ntklab.arch;

import org.ntklab.linalg.NativeMatrix;

/**
 * The native-buffer form of {@link GradientSink}: during a {@link ForwardPass#backward} each dense
 * layer reports the gradient at its output (rows = samples x repeat) and its input (rows = samples)
 * as native buffers, which BLAS can multiply without copying. The buffers are valid only during the
 * call (they are reused for the next layer): read them, never keep or modify them.
 */
@FunctionalInterface
public interface NativeGradientSink {
    void dense(FiniteLayer.DenseInstance layer, NativeMatrix gradOutput, int repeat, NativeMatrix input);

    /**
     * True for a sink that changes the layer's weights (an in-place descent step): the layer then
     * forms its input gradient, which needs the weights as they were, before calling the sink.
     * Otherwise the sink is called first, so that a pass releasing its activations as it goes holds
     * one buffer fewer at a time.
     */
    default boolean updatesWeights() {
        return false;
    }
}
