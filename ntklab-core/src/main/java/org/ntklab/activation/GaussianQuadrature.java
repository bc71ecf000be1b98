package org.ntklab.activation;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.ntklab.io.InvalidInputException;

/**
 * Gaussian expectations of products of activations, E[A(u) B(v)] for a centred Gaussian pair (u, v)
 * with variances s1, s2 and correlation rho, written as
 * u = sqrt(s1) z1 and v = sqrt(s2) (rho z1 + sqrt(1 - rho^2) z2) with z1, z2 independent N(0, 1).
 *
 * <ul>
 *   <li>Smooth activations: the tensor product of the trapezoidal rule with n nodes on [-9, 9] for
 *       each of z1, z2 ({@link #trapezoid}). The integrand is analytic in both variables at every rho,
 *       the ends +-1 included (there it no longer depends on z2). Gauss-Hermite ({@link #hermite}) was
 *       tried first and converges far more slowly for erf and tanh at variances of a few units (order
 *       120: errors 4e-7 and 2e-5 at variance 4, where the trapezoidal rule gives 2e-15 and 3e-11).</li>
 *   <li>Positively homogeneous activations (A(r x) = r^k A(x), kinks only at 0): polar coordinates
 *       z = r (cos t, sin t). The radial integral is exact, int_0^inf r^(p+1) e^(-r^2/2) dr =
 *       2^(p/2) Gamma(p/2 + 1), and the angular one is Gauss-Legendre of order n on each arc between
 *       the angles where u or v changes sign, where the integrand is a product of trigonometric
 *       polynomials: the kinks (and the steps of the derivatives) sit at the ends of the arcs, so the
 *       rule converges as fast as for an analytic function.</li>
 * </ul>
 * Rules are computed by Newton's method on the three-term recurrences and cached per order.
 */
public final class GaussianQuadrature {
    /** The order of the reference rule that the accuracy tests and the gains use. */
    public static final int REFERENCE_ORDER = 481;

    private static final ConcurrentHashMap<Integer, Rule> HERMITE = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, Rule> TRAPEZOID = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, Rule> LEGENDRE = new ConcurrentHashMap<>();

    private GaussianQuadrature() {
    }

    /** Nodes and weights of a rule. */
    public record Rule(double[] nodes, double[] weights) {
        public int order() {
            return nodes.length;
        }
    }

    /** E[f(z)] ~ sum_i w_i f(x_i) for z ~ N(0, 1) (probabilists' Gauss-Hermite; weights sum to 1). */
    public static Rule hermite(int n) {
        requireOrder(n);
        return HERMITE.computeIfAbsent(n, GaussianQuadrature::computeHermite);
    }

    /** Half-width of the trapezoidal rule's range, in standard deviations: e^(-L^2/2) = 2.6e-18. */
    public static final double TRAPEZOID_RANGE = 9.0;

    /**
     * E[f(z)] ~ sum_i w_i f(x_i) for z ~ N(0, 1) by the trapezoidal rule on n equally spaced nodes in
     * [-L, L], L = {@link #TRAPEZOID_RANGE}, weights h phi(x_i). For an integrand analytic in a strip
     * |Im z| < d the error falls like e^(-2 pi d / h): exponentially in n, and, unlike Gauss-Hermite,
     * without the slow-down for functions of sqrt(s) z with s of several units (erf, tanh), whose growth
     * off the real axis outpaces the Gaussian weight that Gauss-Hermite expands in.
     */
    public static Rule trapezoid(int n) {
        requireOrder(n);
        if (n < 3) {
            throw new InvalidInputException("the trapezoidal rule needs at least 3 nodes, got " + n);
        }
        return TRAPEZOID.computeIfAbsent(n, k -> {
            double[] x = new double[k];
            double[] w = new double[k];
            double h = 2 * TRAPEZOID_RANGE / (k - 1);
            for (int i = 0; i < k; i++) {
                x[i] = -TRAPEZOID_RANGE + i * h;
                w[i] = h * Math.exp(-0.5 * x[i] * x[i]) / Math.sqrt(2 * Math.PI);
            }
            return new Rule(x, w);
        });
    }

    /** int_{-1}^{1} f(x) dx ~ sum_i w_i f(x_i) (Gauss-Legendre). */
    public static Rule legendre(int n) {
        requireOrder(n);
        return LEGENDRE.computeIfAbsent(n, GaussianQuadrature::computeLegendre);
    }

    private static void requireOrder(int n) {
        if (n < 1 || n > 2000) {
            throw new InvalidInputException("quadrature order must be in [1, 2000], got " + n);
        }
    }

    /** E[phi(z)^2] for z ~ N(0, 1), by the one-dimensional trapezoidal rule of order n. */
    public static double secondMoment(Activation phi, int n) {
        Rule r = trapezoid(n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double v = phi.value(r.nodes[i]);
            sum += r.weights[i] * v * v;
        }
        return sum;
    }

    /** Both dual maps of {@code phi} at (s1, s2, c) with rules of order n. */
    public static Activation.Dual dual(Activation phi, double s1, double s2, double c, int n) {
        int k = phi.homogeneousDegree();
        if (k >= 0) {
            return new Activation.Dual(polar(phi::value, phi::value, 2 * k, s1, s2, c, n),
                    polar(phi::derivative, phi::derivative, 2 * k - 2, s1, s2, c, n));
        }
        Rule rule = trapezoid(n);
        return new Activation.Dual(tensor(phi::value, phi::value, s1, s2, c, rule),
                tensor(phi::derivative, phi::derivative, s1, s2, c, rule));
    }

    /** (rho, sqrt(1 - rho^2)) for covariance c, the complement computed without cancellation. */
    private static double[] correlation(double s1, double s2, double c) {
        double product = s1 * s2;
        if (!(product > 0)) {
            return new double[] {0.0, 1.0};
        }
        double root = Math.sqrt(product);
        double rho = Math.max(-1.0, Math.min(1.0, c / root));
        double perpendicular = Math.sqrt(Math.max(product - c * c, 0.0)) / root;
        return new double[] {rho, Math.min(1.0, perpendicular)};
    }

    /** E[a(u) b(v)] by the tensor product of a one-dimensional rule for N(0, 1) (smooth a and b). */
    public static double tensor(java.util.function.DoubleUnaryOperator a, java.util.function.DoubleUnaryOperator b,
                                double s1, double s2, double c, Rule r) {
        requireVariances(s1, s2);
        int n = r.order();
        double[] rc = correlation(s1, s2, c);
        double rho = rc[0];
        double perp = rc[1];
        double q1 = Math.sqrt(s1);
        double q2 = Math.sqrt(s2);
        double[] x = r.nodes;
        double[] w = r.weights;
        double total = 0;
        for (int i = 0; i < n; i++) {
            if (w[i] == 0) {
                continue;
            }
            double au = a.applyAsDouble(q1 * x[i]);
            if (au == 0) {
                continue;
            }
            double mean = q2 * rho * x[i];
            double spread = q2 * perp;
            double inner = 0;
            if (spread == 0) {
                inner = b.applyAsDouble(mean);
            } else {
                for (int j = 0; j < n; j++) {
                    if (w[j] != 0) {
                        inner += w[j] * b.applyAsDouble(mean + spread * x[j]);
                    }
                }
            }
            total += w[i] * au * inner;
        }
        return total;
    }

    /**
     * E[a(u) b(v)] for a and b positively homogeneous of total degree p (a(r x) b(r y) =
     * r^p a(x) b(y) for r > 0), by polar coordinates: exact radial integral, Gauss-Legendre of order n
     * on each arc between sign changes of u and v.
     */
    public static double polar(java.util.function.DoubleUnaryOperator a, java.util.function.DoubleUnaryOperator b,
                               int p, double s1, double s2, double c, int n) {
        requireVariances(s1, s2);
        if (p < 0) {
            // the derivative of a degree-0 function (a step): its dual map is not used
            throw new InvalidInputException("polar quadrature needs a total degree >= 0, got " + p);
        }
        double[] rc = correlation(s1, s2, c);
        double rho = rc[0];
        double perp = rc[1];
        double q1 = Math.sqrt(s1);
        double q2 = Math.sqrt(s2);
        // u = 0 at t = pi/2, 3pi/2; v = 0 where rho cos t + perp sin t = 0
        double tv = Math.atan2(-rho, perp);
        double[] cuts = {0.0, 0.5 * Math.PI, 1.5 * Math.PI, wrap(tv), wrap(tv + Math.PI), 2 * Math.PI};
        Arrays.sort(cuts);
        Rule r = legendre(n);
        double angular = 0;
        for (int k = 0; k + 1 < cuts.length; k++) {
            double lo = cuts[k];
            double hi = cuts[k + 1];
            if (hi - lo < 1e-300) {
                continue;
            }
            double half = 0.5 * (hi - lo);
            double mid = 0.5 * (hi + lo);
            double arc = 0;
            for (int i = 0; i < n; i++) {
                double t = mid + half * r.nodes[i];
                double cos = Math.cos(t);
                double sin = Math.sin(t);
                arc += r.weights[i] * a.applyAsDouble(q1 * cos) * b.applyAsDouble(q2 * (rho * cos + perp * sin));
            }
            angular += half * arc;
        }
        return angular / (2 * Math.PI) * radialMoment(p);
    }

    /** int_0^inf r^p r e^(-r^2/2) dr = 2^(p/2) Gamma(p/2 + 1). */
    static double radialMoment(int p) {
        // Gamma(x + 1) for x = p/2, a whole or half-whole number
        double x = 0.5 * p;
        double gamma = (p % 2 == 0) ? 1.0 : Math.sqrt(Math.PI) / 2;
        for (double y = (p % 2 == 0) ? 1.0 : 1.5; y <= x; y += 1.0) {
            gamma *= y;
        }
        return Math.pow(2.0, x) * gamma;
    }

    private static double wrap(double t) {
        double w = t % (2 * Math.PI);
        return w < 0 ? w + 2 * Math.PI : w;
    }

    private static void requireVariances(double s1, double s2) {
        if (!(s1 >= 0) || !(s2 >= 0) || !Double.isFinite(s1) || !Double.isFinite(s2)) {
            throw new InvalidInputException("variances must be finite and >= 0, got " + s1 + " and " + s2);
        }
    }

    private static Rule computeHermite(int n) {
        // Golub-Welsch: the nodes are the eigenvalues of the Jacobi matrix of the probabilists' Hermite
        // polynomials (zero diagonal, off-diagonal sqrt(k)); each is then polished by Newton's method on
        // the orthonormal recurrence, and its weight is the Christoffel number 1 / sum_k p_k(x)^2
        double[] nodes = new double[n];
        double[] weights = new double[n];
        if (n == 1) {
            return new Rule(new double[] {0.0}, new double[] {1.0});
        }
        org.ntklab.linalg.Matrix jacobi = new org.ntklab.linalg.Matrix(n, n);
        for (int k = 1; k < n; k++) {
            jacobi.set(k - 1, k, Math.sqrt(k));
            jacobi.set(k, k - 1, Math.sqrt(k));
        }
        double[] eig = org.ntklab.linalg.SymmetricEigen.eigenvalues(jacobi);
        for (int i = 0; i < n; i++) {
            double x = eig[i];
            for (int it = 0; it < 5; it++) {
                double[] p = orthonormalHermite(x, n);
                double step = p[n] / (Math.sqrt(n) * p[n - 1]);
                if (!Double.isFinite(step)) {
                    break;
                }
                x -= step;
                if (Math.abs(step) <= 1e-16 * Math.max(1.0, Math.abs(x))) {
                    break;
                }
            }
            double[] p = orthonormalHermite(x, n);
            double sum = 0;
            for (int k = 0; k < n; k++) {
                sum += p[k] * p[k];
            }
            nodes[i] = x;
            weights[i] = Double.isFinite(sum) ? 1.0 / sum : 0.0;
        }
        // exact symmetry
        for (int i = 0; i < n / 2; i++) {
            double x = 0.5 * (nodes[n - 1 - i] - nodes[i]);
            double w = 0.5 * (weights[i] + weights[n - 1 - i]);
            nodes[i] = -x;
            nodes[n - 1 - i] = x;
            weights[i] = w;
            weights[n - 1 - i] = w;
        }
        if (n % 2 == 1) {
            nodes[n / 2] = 0.0;
        }
        return new Rule(nodes, weights);
    }

    /** p_0(x) .. p_n(x), the Hermite polynomials orthonormal for the standard normal. */
    private static double[] orthonormalHermite(double x, int n) {
        double[] p = new double[n + 1];
        p[0] = 1.0;
        if (n >= 1) {
            p[1] = x;
        }
        for (int k = 1; k < n; k++) {
            p[k + 1] = (x * p[k] - Math.sqrt(k) * p[k - 1]) / Math.sqrt(k + 1);
        }
        return p;
    }

    private static Rule computeLegendre(int n) {
        double[] x = new double[n];
        double[] w = new double[n];
        int m = (n + 1) / 2;
        for (int i = 0; i < m; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double pp = 0;
            for (int it = 0; it < 100; it++) {
                double p1 = 1.0;
                double p2 = 0.0;
                for (int j = 0; j < n; j++) {
                    double p3 = p2;
                    p2 = p1;
                    p1 = ((2.0 * j + 1) * z * p2 - j * p3) / (j + 1);
                }
                pp = n * (z * p1 - p2) / (z * z - 1.0);
                double z1 = z;
                z = z1 - p1 / pp;
                if (Math.abs(z - z1) <= 1e-16) {
                    break;
                }
            }
            x[i] = -z;
            x[n - 1 - i] = z;
            w[i] = 2.0 / ((1.0 - z * z) * pp * pp);
            w[n - 1 - i] = w[i];
        }
        return new Rule(x, w);
    }
}
