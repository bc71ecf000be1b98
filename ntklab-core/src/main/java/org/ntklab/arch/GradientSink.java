package org.ntklab.arch;

import org.ntklab.linalg.Matrix;

/**
 * Receives, during back-propagation, what each dense layer needs to form its parameter gradients:
 * the gradient at its output (rows = samples x repeat) and its input (rows = samples). Training sums
 * these into a gradient; the empirical NTK multiplies them into Gram contributions; neither needs
 * per-sample Jacobians.
 */
public interface GradientSink {
    void dense(FiniteLayer.DenseInstance layer, Matrix gradOutput, int repeat, Matrix input);
}
