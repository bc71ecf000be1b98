package org.ntklab.activation;

/** softplus(x) = log(1 + e^x), computed as max(x, 0) + log1p(e^(-|x|)); softplus' = sigmoid. Numeric dual maps. */
public record Softplus() implements NumericActivation {
    @Override
    public String name() {
        return "softplus";
    }

    @Override
    public String formula() {
        return "log(1 + exp(x))";
    }

    @Override
    public double value(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    @Override
    public double derivative(double x) {
        return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
    }
}
