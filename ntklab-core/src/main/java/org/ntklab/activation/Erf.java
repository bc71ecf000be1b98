package org.ntklab.activation;

/**
 * erf(x), with the arcsine kernel (Williams 1997):
 * E[erf(u) erf(v)] = (2 / pi) asin(2 c / sqrt((1 + 2 s1)(1 + 2 s2))) and, with erf'(x) = (2 / sqrt(pi)) e^(-x^2),
 * E[erf'(u) erf'(v)] = (4 / pi) / sqrt((1 + 2 s1)(1 + 2 s2) - 4 c^2); gain 1 / ((2 / pi) asin(2 / 3)).
 */
public record Erf() implements Activation {
    private static final double TWO_OVER_ROOT_PI = 2.0 / Math.sqrt(Math.PI);

    @Override
    public String name() {
        return "erf";
    }

    @Override
    public String formula() {
        return "erf(x)";
    }

    @Override
    public double value(double x) {
        return GaussianFunctions.erf(x);
    }

    @Override
    public double derivative(double x) {
        return TWO_OVER_ROOT_PI * Math.exp(-x * x);
    }

    @Override
    public double gain() {
        return Math.PI / (2.0 * Math.asin(2.0 / 3.0));
    }

    @Override
    public Dual dual(double s1, double s2, double c) {
        double a = 1 + 2 * s1;
        double b = 1 + 2 * s2;
        double root = Math.sqrt(a * b);
        double x = Math.max(-1.0, Math.min(1.0, 2 * c / root));
        return new Dual(2.0 / Math.PI * Math.asin(x), 4.0 / Math.PI / Math.sqrt(a * b - 4 * c * c));
    }
}
