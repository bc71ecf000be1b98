package org.ntklab.arch;

import org.ntklab.kernelmap.KernelState;

/**
 * z -> sqrt(gain / m) z for an m-wide input: turns per-coordinate O(1) entries into an O(1)-norm
 * vector (the ResNet's sqrt(1/m) factors). Kernels: Sigma' = gain Sigma, Theta' = gain Theta.
 */
public record WidthScale(double gain) implements Layer {
    public WidthScale {
        if (!(gain > 0) || !Double.isFinite(gain)) {
            throw new IllegalArgumentException("width-scale gain must be positive and finite, got " + gain);
        }
    }

    @Override
    public int outputWidth(int inputWidth) {
        return inputWidth;
    }

    @Override
    public KernelState transform(KernelState in) {
        return in.map(sigma -> gain * sigma, (sigma, theta) -> gain * theta);
    }

    @Override
    public FiniteLayer instantiate(int inputWidth, ParameterRegistry registry) {
        return new FiniteLayer.ScaleInstance(Math.sqrt(gain / inputWidth));
    }

    @Override
    public String describe() {
        return "WidthScale(gain=" + gain + ")";
    }
}
