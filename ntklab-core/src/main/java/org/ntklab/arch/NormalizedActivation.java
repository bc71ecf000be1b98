package org.ntklab.arch;

import org.ntklab.activation.Activation;
import org.ntklab.kernelmap.KernelState;

/**
 * a = c_phi / sqrt(m) phi(h) for an m-wide pre-activation h, with c_phi^2 = {@link Activation#gain()}
 * = 1 / E[phi(z)^2]: the generalisation of the paper's sqrt(2 / m) relu(h) to any activation (ReLU
 * itself keeps its fused {@link NormalizedRelu}).
 *
 * <p>Kernels: with s, s' the variances and Sigma the covariance of h,
 * Sigma' = gain E[phi(u) phi(v)] and Theta' = gain E[phi'(u) phi'(v)] Theta ({@link Activation#dual}).
 */
public record NormalizedActivation(Activation activation) implements Layer {
    public NormalizedActivation {
        if (activation == null) {
            throw new IllegalArgumentException("an activation must be given");
        }
        double gain = activation.gain();
        if (!(gain > 0) || !Double.isFinite(gain)) {
            throw new IllegalArgumentException("activation " + activation.spec() + " has gain " + gain
                    + "; it must be positive and finite");
        }
    }

    @Override
    public int outputWidth(int inputWidth) {
        return inputWidth;
    }

    @Override
    public KernelState transform(KernelState in) {
        double gain = activation.gain();
        return in.mapWithDiagonals((s1, s2, sigma, theta) -> {
            Activation.Dual d = activation.dual(s1, s2, sigma);
            return new double[] {gain * d.nngp(), gain * d.derivative() * theta};
        });
    }

    @Override
    public FiniteLayer instantiate(int inputWidth, ParameterRegistry registry) {
        return new FiniteLayer.ActivationInstance(activation, Math.sqrt(activation.gain() / inputWidth));
    }

    @Override
    public String describe() {
        return "NormalizedActivation(" + activation.spec() + ", gain=" + activation.gain() + ")";
    }
}
