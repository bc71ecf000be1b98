package org.ntklab.activation;

/**
 * silu(x) = x sigmoid(x) (also called swish); silu'(x) = sigmoid(x) (1 + x (1 - sigmoid(x))). Numeric
 * dual maps.
 */
public record Silu() implements NumericActivation {
    @Override
    public String name() {
        return "silu";
    }

    @Override
    public String formula() {
        return "x / (1 + exp(-x))";
    }

    private static double sigmoid(double x) {
        return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
    }

    @Override
    public double value(double x) {
        return x * sigmoid(x);
    }

    @Override
    public double derivative(double x) {
        double s = sigmoid(x);
        return s * (1.0 + x * (1.0 - s));
    }
}
