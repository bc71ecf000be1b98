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
}
