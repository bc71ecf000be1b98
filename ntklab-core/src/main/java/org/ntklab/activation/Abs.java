package org.ntklab.activation;

/**
 * abs(x) = |x|: with theta = angle between u and v (cos theta = rho),
 * E[|u| |v|] = sqrt(s1 s2) (2 sin theta + (pi - 2 theta) cos theta) / pi and
 * E[sign(u) sign(v)] = 1 - 2 theta / pi; gain 1.
 */
public record Abs() implements Activation {
    @Override
    public String name() {
        return "abs";
    }

    @Override
    public String formula() {
        return "|x|";
    }

    @Override
    public double value(double x) {
        return Math.abs(x);
    }

    @Override
    public double derivative(double x) {
        return x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0);
    }

    @Override
    public double gain() {
        return 1.0;
    }

    @Override
    public Dual dual(double s1, double s2, double c) {
        double product = s1 * s2;
        if (!(product > 0)) {
            return new Dual(0.0, 0.0);
        }
        double perpendicular = Math.sqrt(Math.max(product - c * c, 0.0));
        double angle = Math.atan2(perpendicular, c);
        return new Dual((2 * perpendicular + (Math.PI - 2 * angle) * c) / Math.PI, 1.0 - 2.0 * angle / Math.PI);
    }

    @Override
    public int homogeneousDegree() {
        return 1;
    }
}
