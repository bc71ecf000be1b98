package org.ntklab.kernelmap;

/**
 * The arc-cosine expectations of ReLU for a centred Gaussian pair (u, v) with variances s, s' and
 * covariance c: 2 E[relu(u) relu(v)] = sqrt(s s') kappa_1(rho) and 2 E[relu'(u) relu'(v)] = kappa_0(rho).
 *
 * <p>The angle is computed as atan2(sqrt(s s' - c^2), c) rather than acos(rho): near rho = 1 (nearly
 * identical inputs, exactly where lambda_min gets small) acos loses half of the digits.
 */
public final class ArcCosine {
    private ArcCosine() {
    }

    /** kappa_0 and sqrt(s s') kappa_1 for one pair. */
    public record Pair(double kappa0, double scaledKappa1) {
    }

    public static Pair evaluate(double s1, double s2, double covariance) {
        double product = s1 * s2;
        if (!(product > 0)) {
            // a pre-activation with zero variance is identically 0: relu and its derivative vanish
            return new Pair(0.0, 0.0);
        }
        double perpendicular = Math.sqrt(Math.max(product - covariance * covariance, 0.0));
        double angle = Math.atan2(perpendicular, covariance);
        double kappa0 = (Math.PI - angle) / Math.PI;
        double scaledKappa1 = (perpendicular + (Math.PI - angle) * covariance) / Math.PI;
        return new Pair(kappa0, scaledKappa1);
    }

    /** kappa_0(rho) = (pi - arccos rho) / pi, rho clamped to [-1, 1] (reference form, for tests and docs). */
    public static double kappa0(double rho) {
        double r = Math.max(-1.0, Math.min(1.0, rho));
        return (Math.PI - Math.acos(r)) / Math.PI;
    }

    /** kappa_1(rho) = (sqrt(1 - rho^2) + rho (pi - arccos rho)) / pi, rho clamped to [-1, 1]. */
    public static double kappa1(double rho) {
        double r = Math.max(-1.0, Math.min(1.0, rho));
        return (Math.sqrt(1 - r * r) + r * (Math.PI - Math.acos(r))) / Math.PI;
    }
}
