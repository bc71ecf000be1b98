package org.ntklab.arch;

import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.NativeMatrix;

/**
 * A finite layer with trainable parameters. Back-propagation hands it the gradient at its output
 * (rows = samples x repeat) and its input (rows = samples) through a {@link NativeGradientSink}; the
 * layer alone knows how these make its parameter gradient, an in-place descent step and its share
 * of the empirical NTK. So the network, the integrators and the NTK code compose layers without
 * knowing their kind, and a new parametric layer (a convolution, a layer norm) implements this
 * interface beside {@link FiniteLayer.DenseInstance}, whose methods are the BLAS fast paths.
 *
 * <p>The buffers handed in are valid only during the sink's call: read them, never keep them.
 */
public sealed interface ParametricLayer permits FiniteLayer.DenseInstance {

    /**
     * Writes dL/dtheta of this layer into its blocks of {@code gradient}, or adds it where
     * {@code written} says a block was already written in this backward pass (shared parameters);
     * marks its blocks written.
     */
    void writeGradient(NativeMatrix gradOutput, NativeMatrix input, BlockVector gradient, boolean[] written,
                       ForwardPass pass);

    /**
     * theta += alpha dL/dtheta in place, on the weights the next pass uses. Called after this
     * layer's input gradient was formed (it needs the old weights).
     */
    void addScaledGradient(double alpha, NativeMatrix gradOutput, NativeMatrix input, ForwardPass pass);

    /** This layer's share of the empirical NTK, in factored form (see {@link NtkFactors}). */
    NtkFactors ntkFactors(NativeMatrix gradOutput, NativeMatrix input);

    /**
     * A layer's share of K(x, x') = sum over its parameters of <df(x)/dtheta, df(x')/dtheta>, as
     * (outer(x) outer(x')^T) o (inner(x) inner(x')^T + shift), expanded over output pairs: for a dense
     * layer y = W z + b, outer is the back-propagated gradient at y (C rows per sample), inner the
     * input z and shift 1 with a bias, 0 without.
     */
    record NtkFactors(NativeMatrix outer, NativeMatrix inner, double shift) {
    }
}
