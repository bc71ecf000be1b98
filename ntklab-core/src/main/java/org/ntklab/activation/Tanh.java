package org.ntklab.activation;

/** tanh(x); tanh'(x) = 1 - tanh(x)^2. Numeric dual maps. */
public record Tanh() implements NumericActivation {
    @Override
    public String name() {
        return "tanh";
    }

    @Override
    public String formula() {
        return "tanh(x)";
    }

    @Override
    public double value(double x) {
        return Math.tanh(x);
    }

    @Override
    public double derivative(double x) {
        double t = Math.tanh(x);
        return 1.0 - t * t;
    }
}
