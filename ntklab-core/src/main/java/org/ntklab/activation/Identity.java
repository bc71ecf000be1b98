package org.ntklab.activation;

/** identity(x) = x: the linear network. E[u v] = c, E[1 1] = 1; gain 1. */
public record Identity() implements Activation {
    @Override
    public String name() {
        return "identity";
    }

    @Override
    public String formula() {
        return "x";
    }

    @Override
    public double value(double x) {
        return x;
    }

    @Override
    public double derivative(double x) {
        return 1.0;
    }

    @Override
    public double gain() {
        return 1.0;
    }

    @Override
    public Dual dual(double s1, double s2, double c) {
        return new Dual(c, 1.0);
    }

    @Override
    public int homogeneousDegree() {
        return 1;
    }
}
