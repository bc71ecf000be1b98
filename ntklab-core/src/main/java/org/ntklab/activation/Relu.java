package org.ntklab.activation;

import org.ntklab.kernelmap.ArcCosine;

/**
 * relu(x) = max(x, 0), the paper's activation: gain 2 (E[relu(z)^2] = 1/2) and the arc-cosine dual
 * maps E[relu(u) relu(v)] = sqrt(s1 s2) kappa_1(rho) / 2, E[relu'(u) relu'(v)] = kappa_0(rho) / 2.
 * Its layer is the paper's fused {@code NormalizedRelu} (see {@code Architecture}), so ReLU networks
 * are unchanged bit for bit.
 */
public record Relu() implements Activation {
    @Override
    public String name() {
        return "relu";
    }

    @Override
    public String formula() {
        return "max(x, 0)";
    }

    @Override
    public double value(double x) {
        return Math.max(x, 0.0);
    }

    @Override
    public double derivative(double x) {
        return x > 0 ? 1.0 : 0.0;
    }

    @Override
    public double gain() {
        return 2.0;
    }

    @Override
    public Dual dual(double s1, double s2, double c) {
        ArcCosine.Pair k = ArcCosine.evaluate(s1, s2, c);
        return new Dual(0.5 * k.scaledKappa1(), 0.5 * k.kappa0());
    }

    @Override
    public int homogeneousDegree() {
        return 1;
    }

}
