package org.ntklab.activation;

/** sigmoid(x) = 1 / (1 + e^(-x)); sigmoid' = sigmoid (1 - sigmoid). Numeric dual maps. */
public record Sigmoid() implements NumericActivation {
    @Override
    public String name() {
        return "sigmoid";
    }

    @Override
    public String formula() {
        return "1 / (1 + exp(-x))";
    }

    @Override
    public double value(double x) {
        return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
    }

    @Override
    public double derivative(double x) {
        double e = Math.exp(-Math.abs(x));
        return e / ((1.0 + e) * (1.0 + e));
    }
}
