package org.ntklab.activation;

/** gelu(x) = x Phi(x) (the exact form, Phi the standard normal CDF); gelu'(x) = Phi(x) + x phi(x). Numeric dual maps. */
public record Gelu() implements NumericActivation {
    @Override
    public String name() {
        return "gelu";
    }

    @Override
    public String formula() {
        return "x Phi(x)";
    }

    @Override
    public double value(double x) {
        return x * GaussianFunctions.normalCdf(x);
    }

    @Override
    public double derivative(double x) {
        return GaussianFunctions.normalCdf(x) + x * GaussianFunctions.normalPdf(x);
    }
}
