package org.ntklab.activation;

/**
 * The error function and the standard normal distribution, which Java's Math lacks.
 *
 * <p>erf(x) = (2 / sqrt(pi)) x e^(-x^2) sum_n (2 x^2)^n / (1 3 5 ... (2n + 1)): every term is positive,
 * so the sum has no cancellation and is accurate to a few units in the last place for all |x| < 6;
 * beyond, erf(x) = sign(x) to double precision (erfc(6) = 2e-17).
 */
public final class GaussianFunctions {
    private static final double TWO_OVER_ROOT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double INV_ROOT_TWO = 1.0 / Math.sqrt(2.0);
    private static final double INV_ROOT_TWO_PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    private GaussianFunctions() {
    }

    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        if (a >= 6.0) {
            return Math.signum(x);
        }
        double x2 = a * a;
        double twoX2 = 2.0 * x2;
        double term = 1.0;
        double sum = 1.0;
        for (int n = 1; n < 500; n++) {
            term *= twoX2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        double r = TWO_OVER_ROOT_PI * a * Math.exp(-x2) * sum;
        return x < 0 ? -Math.min(r, 1.0) : Math.min(r, 1.0);
    }

    /** Phi(x) = P(z <= x) for z ~ N(0, 1). */
    public static double normalCdf(double x) {
        return 0.5 * (1.0 + erf(x * INV_ROOT_TWO));
    }

    /** The standard normal density. */
    public static double normalPdf(double x) {
        return INV_ROOT_TWO_PI * Math.exp(-0.5 * x * x);
    }
}
