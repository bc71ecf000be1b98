package org.ntklab.activation;

/** sin(x); sin' = cos. Numeric dual maps (the closed forms exist but serve here as a check of the quadrature). */
public record Sin() implements NumericActivation {
    @Override
    public String name() {
        return "sin";
    }

    @Override
    public String formula() {
        return "sin(x)";
    }

    @Override
    public double value(double x) {
        return Math.sin(x);
    }

    @Override
    public double derivative(double x) {
        return Math.cos(x);
    }
}
