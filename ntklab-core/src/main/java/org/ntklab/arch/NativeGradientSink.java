package org.ntklab.arch;

import org.ntklab.linalg.NativeMatrix;

/**
 * Receives, during a {@link ForwardPass#backward}, what each parametric layer needs to form its
 * parameter gradients: the gradient at its output (rows = samples x repeat) and its input (rows =
 * samples), as native buffers, which BLAS can multiply without copying. Training turns them into a
 * gradient or a descent step, the empirical NTK into Gram contributions
 * ({@link ParametricLayer}); neither needs per-sample Jacobians. The buffers are valid only during the
 * call (they are reused for the next layer): read them, never keep or modify them.
 */
@FunctionalInterface
public interface NativeGradientSink {
    void parameters(ParametricLayer layer, NativeMatrix gradOutput, int repeat, NativeMatrix input);

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
