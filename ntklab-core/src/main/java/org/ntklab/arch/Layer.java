package org.ntklab.arch;

import org.ntklab.kernelmap.KernelState;

/**
 * One layer of an architecture, with its two interpretations side by side: how it transforms the
 * infinite-width kernels ({@link #transform}) and how it runs at finite width ({@link #instantiate}).
 * A network and its analytic NTK are built from the same list of layers, so they cannot drift apart.
 *
 * <p>Representations alternate between two normalisations. After a {@link Dense} layer each coordinate
 * is O(1) and the kernel state holds the per-coordinate covariance; after a {@link NormalizedRelu} or
 * {@link WidthScale} (which multiply by sqrt(gain / m)) the whole vector has O(1) norm and the kernel
 * state holds the inner product. Dense layers read inner products and produce per-coordinate
 * covariances, exactly the bookkeeping of the NTK parameterisation in docs/paper.md.
 */
public sealed interface Layer permits Dense, NormalizedRelu, NormalizedActivation, WidthScale, Residual {

    /** Width of this layer's output given its input width. */
    int outputWidth(int inputWidth);

    /** The infinite-width (NNGP, NTK) kernels after this layer. */
    KernelState transform(KernelState input);

    /** A finite-width instance whose parameters are allocated (or adopted) through the registry. */
    FiniteLayer instantiate(int inputWidth, ParameterRegistry registry);

    /** Short human-readable description, e.g. "Dense(1024, bias=RANDOM)". */
    String describe();
}
