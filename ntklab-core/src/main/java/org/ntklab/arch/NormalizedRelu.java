package org.ntklab.arch;

import org.ntklab.kernelmap.ArcCosine;
import org.ntklab.kernelmap.KernelState;

/**
 * a = sqrt(gain / m) relu(h) for an m-wide pre-activation h (gain 2 in the paper's networks, docs/paper.md).
 *
 * <p>Kernels: with s, s' the variances and Sigma the covariance of h,
 * Sigma' = gain E[relu(u) relu(v)] = (gain/2) sqrt(s s') kappa_1(rho) and
 * Theta' = gain E[relu'(u) relu'(v)] Theta = (gain/2) kappa_0(rho) Theta.
 */
public record NormalizedRelu(double gain) implements Layer {
    public NormalizedRelu {
        if (!(gain > 0) || !Double.isFinite(gain)) {
            throw new IllegalArgumentException("ReLU gain must be positive and finite, got " + gain);
        }
    }

    @Override
    public int outputWidth(int inputWidth) {
        return inputWidth;
    }

    @Override
    public KernelState transform(KernelState in) {
        double half = gain / 2.0;
        return in.mapWithDiagonals((s1, s2, sigma, theta) -> {
            ArcCosine.Pair k = ArcCosine.evaluate(s1, s2, sigma);
            return new double[] {half * k.scaledKappa1(), half * k.kappa0() * theta};
        });
    }

    @Override
    public FiniteLayer instantiate(int inputWidth, ParameterRegistry registry) {
        return new FiniteLayer.ReluInstance(Math.sqrt(gain / inputWidth));
    }

    @Override
    public String describe() {
        return "NormalizedRelu(gain=" + gain + ")";
    }
}
