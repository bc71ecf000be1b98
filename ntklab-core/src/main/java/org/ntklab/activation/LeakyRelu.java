package org.ntklab.activation;

import org.ntklab.io.InvalidInputException;
import org.ntklab.kernelmap.ArcCosine;

/**
 * leaky-relu(x) = max(x, a x) with slope a in [0, 1) (default 0.01; {@code --activation leaky-relu:0.1}).
 * Writing phi = (1 - a) relu + a id: E[phi(u) phi(v)] = (1 - a)^2 sqrt(s1 s2) kappa_1(rho) / 2 + a c and
 * E[phi'(u) phi'(v)] = (1 - a)^2 kappa_0(rho) / 2 + a; gain 2 / (1 + a^2).
 */
public record LeakyRelu(double slope) implements Activation {
    public static final double DEFAULT_SLOPE = 0.01;

    public LeakyRelu {
        if (!(slope >= 0 && slope < 1)) {
            throw new InvalidInputException("the leaky-relu slope must be a number in [0, 1), got " + slope);
        }
    }

    public LeakyRelu() {
        this(DEFAULT_SLOPE);
    }

    @Override
    public String name() {
        return "leaky-relu";
    }

    @Override
    public String formula() {
        return "max(x, a x)";
    }

    @Override
    public String parameter() {
        return Double.toString(slope);
    }

    @Override
    public String parameterLabel() {
        return "SLOPE";
    }

    @Override
    public String parameterHelp() {
        return "slope a in [0, 1), default " + DEFAULT_SLOPE;
    }

    @Override
    public Activation withParameter(String parameter) {
        double a;
        try {
            a = Double.parseDouble(parameter.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("the leaky-relu slope must be a number in [0, 1), got '" + parameter
                    + "'");
        }
        return new LeakyRelu(a);
    }

    @Override
    public double value(double x) {
        return x > 0 ? x : slope * x;
    }

    @Override
    public double derivative(double x) {
        return x > 0 ? 1.0 : slope;
    }

    @Override
    public double gain() {
        return 2.0 / (1.0 + slope * slope);
    }

    @Override
    public Dual dual(double s1, double s2, double c) {
        ArcCosine.Pair k = ArcCosine.evaluate(s1, s2, c);
        double b = (1 - slope) * (1 - slope);
        return new Dual(0.5 * b * k.scaledKappa1() + slope * c, 0.5 * b * k.kappa0() + slope);
    }

    @Override
    public int homogeneousDegree() {
        return 1;
    }
}
